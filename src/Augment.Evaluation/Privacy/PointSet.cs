namespace Augment.Evaluation.Internal;

/// <summary>
/// Points for nearest-neighbour search, stored dimension-major (one contiguous run of floats per dimension, padded
/// to a multiple of 8 rows) so that one query is compared with 8 reference rows per SIMD step. Numeric dimensions
/// take |difference| (or its square); code dimensions add a fixed mismatch cost when two codes differ.
/// </summary>
internal sealed class PointSet
{
    /// <summary>Padding value of numeric dimensions: far from everything, so padded rows never win.</summary>
    public const float Far = 1e15f;

    public PointSet(int count, int numericDims, int codeDims)
    {
        Count = count;
        NumericDims = numericDims;
        CodeDims = codeDims;
        Stride = (count + 7) & ~7;
        Numeric = new float[Math.Max(1, numericDims * Stride)];
        Codes = new float[Math.Max(1, codeDims * Stride)];
        for (var d = 0; d < numericDims; d++)
        {
            Numeric.AsSpan((d * Stride) + count, Stride - count).Fill(Far);
        }

        for (var d = 0; d < codeDims; d++)
        {
            Codes.AsSpan((d * Stride) + count, Stride - count).Fill(-2);
        }
    }

    public int Count { get; }

    public int NumericDims { get; }

    public int CodeDims { get; }

    public int Stride { get; }

    /// <summary>Numeric values, <c>[d * Stride + row]</c>.</summary>
    public float[] Numeric { get; }

    /// <summary>Category codes as floats, <c>[d * Stride + row]</c>.</summary>
    public float[] Codes { get; }

    /// <summary>
    /// The privacy encoding: numbers scaled to [0, 1] by the codec's (training) range, missing numbers -1, codes as they
    /// are (a category the training rows never had is -1 and differs from every training code).
    /// </summary>
    public static PointSet ForDistance(TableCodec codec, EncodedTable table, IReadOnlyList<int>? rows = null)
    {
        var count = rows?.Count ?? table.Rows;
        var set = new PointSet(count, codec.NumericColumns.Count, codec.CategoricalColumns.Count);
        for (var d = 0; d < set.NumericDims; d++)
        {
            var column = codec.NumericColumns[d];
            var source = table.Numeric[d];
            var target = set.Numeric.AsSpan(d * set.Stride, count);
            for (var i = 0; i < count; i++)
            {
                var v = source[rows?[i] ?? i];
                target[i] = double.IsNaN(v) ? -1f : (float)((v - column.Min) / column.Range);
            }
        }

        for (var d = 0; d < set.CodeDims; d++)
        {
            var source = table.Codes[d];
            var target = set.Codes.AsSpan(d * set.Stride, count);
            for (var i = 0; i < count; i++)
            {
                target[i] = source[rows?[i] ?? i];
            }
        }

        return set;
    }
}
