using Augment.Synthesis.Transforms;
using Augment.Tensors;
using Augment.Tensors.Ops;

namespace Augment.Synthesis.Neural;

/// <summary>Small matrix helpers shared by the neural generators.</summary>
internal static class NeuralOps
{
    /// <summary>[a, b] side by side (b may be 0 wide).</summary>
    public static Tensor Concat(Tensor a, Tensor b)
    {
        var result = new Tensor(a.Rows, a.Columns + b.Columns);
        RowOps.CopyColumns(a, result, 0);
        if (b.Columns > 0)
        {
            RowOps.CopyColumns(b, result, a.Columns);
        }

        return result;
    }

    /// <summary>A rows × cols matrix of N(0, 1) draws.</summary>
    public static Tensor Normal(int rows, int cols, RandomSource random)
    {
        var t = new Tensor(rows, cols);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)random.NextNormal();
        }

        return t;
    }

    /// <summary>Rows <paramref name="indices"/> of a row-major matrix of width <paramref name="width"/>.</summary>
    public static Tensor Gather(float[] data, int width, ReadOnlySpan<int> indices)
    {
        var t = new Tensor(indices.Length, width);
        for (var i = 0; i < indices.Length; i++)
        {
            data.AsSpan(indices[i] * width, width).CopyTo(t.Row(i));
        }

        return t;
    }

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public static void Shuffle(int[] order, RandomSource random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = ConditionSpace.Next(random, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>The index of the largest value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>Makes category <paramref name="category"/> the argmax of the span in every row (conditional sampling).</summary>
    public static void Force(Tensor output, OutputSpan span, int category)
    {
        for (var i = 0; i < output.Rows; i++)
        {
            var g = output.Row(i).Slice(span.Offset, span.Width);
            g.Fill(-1e4f);
            g[category] = 1e4f;
        }
    }

    /// <summary>A condition matrix: row i has category categories[i] of column columns[i] set (column −1: all zero).</summary>
    public static Tensor ConditionMatrix(ConditionSpace space, ReadOnlySpan<int> columns, ReadOnlySpan<int> categories)
    {
        var c = new Tensor(columns.Length, space.Width);
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i] >= 0)
            {
                c[i, space.CondOffset(columns[i]) + categories[i]] = 1f;
            }
        }

        return c;
    }

    /// <summary>Replaces every one-hot group of each row by a one-hot draw from its softmax (Gumbel-max, seeded).</summary>
    public static void SampleGroups(Tensor output, IReadOnlyList<OutputSpan> spans, RandomSource random)
    {
        foreach (var s in spans)
        {
            if (s.Kind != SpanKind.OneHot)
            {
                continue;
            }

            for (var i = 0; i < output.Rows; i++)
            {
                var g = output.Row(i).Slice(s.Offset, s.Width);
                for (var k = 0; k < g.Length; k++)
                {
                    g[k] -= (float)Math.Log(-Math.Log(random.NextOpenUnit()));
                }

                var best = ArgMax(g);
                g.Clear();
                g[best] = 1f;
            }
        }
    }
}
