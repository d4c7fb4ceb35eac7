using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Evaluation.Internal;

/// <summary>
/// Exact k-nearest-neighbour search with a blocked, vectorised kernel: reference rows are visited in tiles that stay
/// in cache while a block of queries is compared with them, 8 reference rows per <see cref="Vector256{T}"/> step, the
/// distance accumulated over the dimensions in a register and compared with the current k-th best in the same pass.
/// Query blocks run in parallel; each query's result depends only on the data, so results are deterministic (ties
/// keep the lower reference index).
/// </summary>
internal static class NearestNeighbours
{
    private const int QueryBlock = 64;
    private const int Tile = 4096;

    /// <summary>The k smallest distances (ascending) per query and their reference rows (-1 when fewer than k).</summary>
    /// <param name="queries">The query points.</param>
    /// <param name="references">The reference points (same dimensions).</param>
    /// <param name="k">Neighbours per query, ≥ 1.</param>
    /// <param name="squared">Sum of squared differences (squared L2) instead of absolute ones (L1).</param>
    /// <param name="mismatch">The cost of a differing code.</param>
    public static (float[] Distances, int[] Indices) Search(PointSet queries, PointSet references, int k, bool squared, float mismatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (queries.NumericDims != references.NumericDims || queries.CodeDims != references.CodeDims)
        {
            throw new ArgumentException("Query and reference points have different dimensions.", nameof(references));
        }

        var distances = new float[queries.Count * k];
        var indices = new int[queries.Count * k];
        distances.AsSpan().Fill(float.PositiveInfinity);
        indices.AsSpan().Fill(-1);
        var blocks = (queries.Count + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, b =>
        {
            var q0 = b * QueryBlock;
            var q1 = Math.Min(queries.Count, q0 + QueryBlock);
            for (var t0 = 0; t0 < references.Stride; t0 += Tile)
            {
                var t1 = Math.Min(references.Stride, t0 + Tile);
                for (var q = q0; q < q1; q++)
                {
                    SearchTile(queries, q, references, t0, t1, squared, mismatch, distances.AsSpan(q * k, k), indices.AsSpan(q * k, k));
                }
            }
        });
        return (distances, indices);
    }

    private static void SearchTile(PointSet queries, int q, PointSet refs, int t0, int t1, bool squared, float mismatch, Span<float> bestD, Span<int> bestI)
    {
        Span<Vector256<float>> qn = stackalloc Vector256<float>[Math.Max(1, queries.NumericDims)];
        Span<Vector256<float>> qc = stackalloc Vector256<float>[Math.Max(1, queries.CodeDims)];
        for (var d = 0; d < queries.NumericDims; d++)
        {
            qn[d] = Vector256.Create(queries.Numeric[(d * queries.Stride) + q]);
        }

        for (var d = 0; d < queries.CodeDims; d++)
        {
            qc[d] = Vector256.Create(queries.Codes[(d * queries.Stride) + q]);
        }

        var cost = Vector256.Create(mismatch);
        ref var numeric = ref MemoryMarshal.GetArrayDataReference(refs.Numeric);
        ref var codes = ref MemoryMarshal.GetArrayDataReference(refs.Codes);
        var stride = refs.Stride;
        var k = bestD.Length;
        var threshold = Vector256.Create(bestD[k - 1]);
        for (var j = t0; j < t1; j += 8)
        {
            var acc = Vector256<float>.Zero;
            for (var d = 0; d < queries.NumericDims; d++)
            {
                var diff = qn[d] - Vector256.LoadUnsafe(ref Unsafe.Add(ref numeric, (d * stride) + j));
                acc += squared ? diff * diff : Vector256.Abs(diff);
            }

            for (var d = 0; d < queries.CodeDims; d++)
            {
                var equal = Vector256.Equals(qc[d], Vector256.LoadUnsafe(ref Unsafe.Add(ref codes, (d * stride) + j)));
                acc += Vector256.AndNot(cost, equal);
            }

            if (Vector256.LessThanAny(acc, threshold))
            {
                for (var lane = 0; lane < 8; lane++)
                {
                    var row = j + lane;
                    var dist = acc.GetElement(lane);
                    if (row < refs.Count && dist < bestD[k - 1])
                    {
                        Insert(bestD, bestI, dist, row);
                    }
                }

                threshold = Vector256.Create(bestD[k - 1]);
            }
        }
    }

    private static void Insert(Span<float> bestD, Span<int> bestI, float dist, int row)
    {
        var p = bestD.Length - 1;
        while (p > 0 && bestD[p - 1] > dist)
        {
            bestD[p] = bestD[p - 1];
            bestI[p] = bestI[p - 1];
            p--;
        }

        bestD[p] = dist;
        bestI[p] = row;
    }
}
