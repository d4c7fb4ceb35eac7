using System.Numerics.Tensors;

namespace Augment.Tensors.Ops;

/// <summary>A numerically stable softmax (the maximum is subtracted first, so large logits do not overflow).</summary>
public static class Softmax
{
    /// <summary>Writes softmax(<paramref name="x"/>) into <paramref name="destination"/> (may be the same span).</summary>
    /// <param name="x">The logits.</param>
    /// <param name="destination">The probabilities, same length.</param>
    public static void Compute(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (x.IsEmpty)
        {
            return;
        }

        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, destination);
        TensorPrimitives.Exp(destination, destination);
        TensorPrimitives.Divide(destination, TensorPrimitives.Sum(destination), destination);
    }
}
