using System.Numerics.Tensors;
using Augment.Synthesis.Transforms;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Neural;

/// <summary>
/// CTGAN's output activation in training: tanh on scalars and Gumbel-softmax (τ) on one-hot groups, with its
/// backward pass; and the conditional cross-entropy that makes the generator honour the condition vector.
/// </summary>
internal sealed class OutputActivation(IReadOnlyList<OutputSpan> spans, float tau)
{
    private Tensor? output;

    public Tensor Forward(Tensor raw, RandomSource random)
    {
        var y = raw.Clone();
        foreach (var s in spans)
        {
            if (s.Kind == SpanKind.Scalar)
            {
                for (var i = 0; i < y.Rows; i++)
                {
                    var cell = y.Row(i).Slice(s.Offset, 1);
                    cell[0] = MathF.Tanh(cell[0]);
                }

                continue;
            }

            // Gumbel noise −log(−log u) for the whole span at once (the uniforms drawn in the same order as one row
            // after another), the logarithms taken by vectorised TensorPrimitives.Log.
            var noise = GumbelNoise(y.Rows * s.Length, random);
            for (var i = 0; i < y.Rows; i++)
            {
                var g = y.Row(i).Slice(s.Offset, s.Length);
                var n = noise.AsSpan(i * s.Length, s.Length);
                for (var k = 0; k < g.Length; k++)
                {
                    g[k] = (g[k] + (float)n[k]) / tau;
                }

                Augment.Tensors.Ops.Softmax.Compute(g, g);
            }
        }

        output = y;
        return y;
    }

    /// <summary><paramref name="count"/> Gumbel(0, 1) draws, −log(−log u) with u uniform on (0, 1).</summary>
    private static double[] GumbelNoise(int count, RandomSource random)
    {
        var noise = new double[count];
        for (var k = 0; k < count; k++)
        {
            noise[k] = random.NextOpenUnit();
        }

        TensorPrimitives.Log(noise, noise);
        TensorPrimitives.Negate(noise, noise);
        TensorPrimitives.Log(noise, noise);
        TensorPrimitives.Negate(noise, noise);
        return noise;
    }

    public Tensor Backward(Tensor gradOutput)
    {
        var y = output ?? throw new InvalidOperationException("Backward called before Forward.");
        var grad = gradOutput.Clone();
        foreach (var s in spans)
        {
            for (var i = 0; i < y.Rows; i++)
            {
                var yi = y.Row(i).Slice(s.Offset, s.Length);
                var gi = grad.Row(i).Slice(s.Offset, s.Length);
                if (s.Kind == SpanKind.Scalar)
                {
                    gi[0] *= 1f - (yi[0] * yi[0]);
                    continue;
                }

                var dot = TensorPrimitives.Dot(yi, gi);
                for (var k = 0; k < gi.Length; k++)
                {
                    gi[k] = yi[k] * (gi[k] - dot) / tau;
                }
            }
        }

        return grad;
    }

    /// <summary>Mean over rows of the cross-entropy of each row's conditioned group against its category; adds the gradient to <paramref name="gradRaw"/>.</summary>
    public static double ConditionLoss(Tensor raw, ConditionSpace space, int[] columns, int[] categories, Tensor gradRaw)
    {
        double total = 0;
        var n = raw.Rows;
        var buffer = new float[raw.Columns];
        for (var i = 0; i < n; i++)
        {
            if (columns[i] < 0)
            {
                continue;
            }

            var s = space.Span(columns[i]);
            var p = buffer.AsSpan(0, s.Width);
            Augment.Tensors.Ops.Softmax.Compute(raw.Row(i).Slice(s.Offset, s.Width), p);
            total -= Math.Log(Math.Max(p[categories[i]], 1e-30f));
            p[categories[i]] -= 1f;
            var g = gradRaw.Row(i).Slice(s.Offset, s.Width);
            TensorPrimitives.MultiplyAdd(p, 1f / n, g, g);
        }

        return total / n;
    }
}
