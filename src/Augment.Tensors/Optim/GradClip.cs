using System.Numerics.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Tensors.Optim;

/// <summary>Gradient-norm clipping.</summary>
public static class GradClip
{
    /// <summary>Scales every gradient so that their joint L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="maxNorm">The largest norm allowed (&gt; 0).</param>
    /// <returns>The norm before clipping.</returns>
    public static float ClipByNorm(IEnumerable<Parameter> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        var list = parameters as IReadOnlyList<Parameter> ?? [.. parameters];
        double sum = 0;
        foreach (var p in list)
        {
            sum += TensorPrimitives.SumOfSquares(p.Grad.Data);
        }

        var norm = (float)Math.Sqrt(sum);
        if (norm > maxNorm)
        {
            var scale = maxNorm / (norm + 1e-6f);
            foreach (var p in list)
            {
                TensorPrimitives.Multiply(p.Grad.Data, scale, p.Grad.Data);
            }
        }

        return norm;
    }
}
