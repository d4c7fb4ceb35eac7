using System.Numerics.Tensors;
using Augment.Synthesis.Transforms;
using Augment.Tensors;
using Augment.Tensors.Layers;
using Augment.Tensors.Ops;
using Tensor = Augment.Tensors.Tensor;

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
        random.FillNormal(t.Data);
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

    /// <summary>Replaces every one-hot group of each row by a one-hot draw from its softmax: exp of the shifted logits
    /// (vectorised), then one uniform per group read against their running sum.</summary>
    public static void SampleGroups(Tensor output, IReadOnlyList<OutputSpan> spans, RandomSource random)
    {
        var buffer = new float[spans.Count == 0 ? 0 : spans.Max(s => s.Width)];
        foreach (var s in spans)
        {
            if (s.Kind != SpanKind.OneHot)
            {
                continue;
            }

            var p = buffer.AsSpan(0, s.Width);
            for (var i = 0; i < output.Rows; i++)
            {
                var g = output.Row(i).Slice(s.Offset, s.Width);
                var best = DrawCategory(g, p, random);
                g.Clear();
                g[best] = 1f;
            }
        }
    }

    /// <summary>Draws an index with probability softmax(<paramref name="logits"/>); <paramref name="scratch"/> is as long as the logits.</summary>
    public static int DrawCategory(ReadOnlySpan<float> logits, Span<float> scratch, RandomSource random)
    {
        TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), scratch);
        TensorPrimitives.Exp(scratch, scratch);
        var u = (float)random.NextOpenUnit() * TensorPrimitives.Sum(scratch);
        for (var k = 0; k < scratch.Length; k++)
        {
            u -= scratch[k];
            if (u <= 0)
            {
                return k;
            }
        }

        // Rounding left u a hair above 0: the last category with any weight.
        for (var k = scratch.Length - 1; k > 0; k--)
        {
            if (scratch[k] > 0)
            {
                return k;
            }
        }

        return 0;
    }

    /// <summary>Rows per sampling block. Every block has its own seed, so the rows do not depend on the thread count.</summary>
    public const int SampleBlockRows = 4096;

    /// <summary>
    /// Samples a <paramref name="rows"/> × <paramref name="width"/> matrix in fixed blocks of <see cref="SampleBlockRows"/>
    /// on all cores. <paramref name="worker"/> makes each thread's private state (a copy of the network: a forward pass
    /// caches its activations); <paramref name="block"/> returns one block's rows (at least as many as asked) drawn from
    /// that block's own random stream, derived from <paramref name="seed"/> and the block's index.
    /// </summary>
    public static float[] SampleBlocks<TWorker>(int rows, int width, int seed, Func<TWorker> worker, Func<TWorker, int, RandomSource, Tensor> block)
    {
        var data = new float[(long)rows * width];
        var blocks = (rows + SampleBlockRows - 1) / SampleBlockRows;
        Parallel.For(
            0,
            blocks,
            worker,
            (b, _, state) =>
            {
                var start = (long)b * SampleBlockRows;
                var count = (int)Math.Min(SampleBlockRows, rows - start);
                var output = block(state, count, new RandomSource(((long)seed << 32) ^ b));
                output.Data.AsSpan(0, count * width).CopyTo(data.AsSpan((int)(start * width)));
                return state;
            },
            _ => { });
        return data;
    }

    /// <summary>The network's output for <paramref name="input"/> computed by <paramref name="engine"/>.</summary>
    public static Tensor Run(INetworkEngine engine, Tensor input, int outputs)
    {
        var output = new Tensor(input.Rows, outputs);
        engine.Forward(input.Data, input.Rows, output.Data);
        return output;
    }

    /// <summary>A copy of a network with the same weights and running statistics, in evaluation mode.</summary>
    public static Sequential Copy(Sequential network, Func<Sequential> create)
    {
        var copy = create();
        copy.LoadState(network.State().ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal));
        copy.Training = false;
        return copy;
    }
}
