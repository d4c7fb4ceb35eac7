using System.Numerics.Tensors;
using Augment.Synthesis.Transforms;
using Augment.Tensors;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Neural;

/// <summary>
/// TVAE's reconstruction loss, summed over a batch: for each scalar output a Gaussian NLL of the target around
/// tanh(output) with a learned per-output σ (x − tanh o)²/(2σ²) + log σ; for each one-hot group the cross-entropy of
/// the softmax against the target's argmax. Writes ∂/∂output and ∂/∂σ (both scaled by <c>scale</c>).
/// </summary>
internal static class ReconstructionLoss
{
    public static double Compute(Tensor output, Tensor target, IReadOnlyList<OutputSpan> spans, float[] sigma, float scale, Tensor gradOutput, float[] gradSigma)
    {
        double total = 0;
        var n = output.Rows;
        Span<float> p = stackalloc float[spans.Count == 0 ? 1 : spans.Max(s => s.Length)];
        foreach (var s in spans)
        {
            if (s.Kind == SpanKind.Scalar)
            {
                var o = s.Offset;
                var sg = sigma[o];
                var inv2 = 1f / (sg * sg);
                double gs = 0;
                for (var i = 0; i < n; i++)
                {
                    var t = MathF.Tanh(output[i, o]);
                    var diff = target[i, o] - t;
                    total += (diff * diff * 0.5 * inv2) + Math.Log(sg);
                    gradOutput[i, o] = scale * (-diff * inv2) * (1f - (t * t));
                    gs += (-diff * diff * inv2 / sg) + (1 / sg);
                }

                gradSigma[o] += (float)(scale * gs);
                continue;
            }

            var w = s.Length;
            var ps = p[..w];
            for (var i = 0; i < n; i++)
            {
                Augment.Tensors.Ops.Softmax.Compute(output.Row(i).Slice(s.Offset, w), ps);
                var k = NeuralOps.ArgMax(target.Row(i).Slice(s.Offset, w));
                total -= Math.Log(Math.Max(ps[k], 1e-30f));
                ps[k] -= 1f;
                TensorPrimitives.Multiply(ps, scale, gradOutput.Row(i).Slice(s.Offset, w));
            }
        }

        return total;
    }
}
