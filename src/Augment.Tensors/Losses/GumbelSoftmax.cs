using System.Numerics.Tensors;

namespace Augment.Tensors.Losses;

/// <summary>
/// Gumbel-softmax over column groups: y = softmax((logits + g)/τ) with g ~ Gumbel(0, 1) from a seeded source,
/// applied to columns [offset, offset + width) of each row; <see cref="Backward"/> differentiates through the
/// softmax (the noise is held fixed).
/// </summary>
public sealed class GumbelSoftmax
{
    private Tensor? output;
    private int offset;
    private int width;
    private float tau;

    /// <summary>Applies the relaxed sample to one group of columns; other columns are copied unchanged.</summary>
    /// <param name="logits">The logits.</param>
    /// <param name="groupOffset">The group's first column.</param>
    /// <param name="groupWidth">The group's width.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="random">The seeded noise source.</param>
    public Tensor Forward(Tensor logits, int groupOffset, int groupWidth, float temperature, Random random)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var y = logits.Clone();
        for (var i = 0; i < y.Rows; i++)
        {
            var g = y.Row(i).Slice(groupOffset, groupWidth);
            for (var j = 0; j < g.Length; j++)
            {
                var u = Math.Max(random.NextDouble(), 1e-20);
                g[j] = (g[j] - (float)Math.Log(-Math.Log(u))) / temperature;
            }

            Augment.Tensors.Ops.Softmax.Compute(g, g);
        }

        output = y;
        offset = groupOffset;
        width = groupWidth;
        tau = temperature;
        return y;
    }

    /// <summary>Back-propagates through the last <see cref="Forward"/>.</summary>
    /// <param name="gradOutput">∂L/∂y.</param>
    /// <returns>∂L/∂logits.</returns>
    public Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var y = output ?? throw new InvalidOperationException("Backward called before Forward.");
        var grad = gradOutput.Clone();
        for (var i = 0; i < y.Rows; i++)
        {
            var yi = y.Row(i).Slice(offset, width);
            var gi = grad.Row(i).Slice(offset, width);
            var dot = TensorPrimitives.Dot(yi, gi);
            for (var j = 0; j < width; j++)
            {
                gi[j] = yi[j] * (gi[j] - dot) / tau;
            }
        }

        return grad;
    }
}
