using System.Numerics.Tensors;

namespace Augment.Tensors.Layers;

/// <summary>Layer normalisation of each row, then a per-feature scale γ and shift β.</summary>
public sealed class LayerNorm : Module
{
    private readonly float eps;
    private Tensor? xhat;
    private float[]? invStd;

    /// <summary>Creates the layer with γ = 1, β = 0.</summary>
    /// <param name="features">The number of columns.</param>
    /// <param name="eps">Added to the variance (1e-5).</param>
    public LayerNorm(int features, float eps = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        this.eps = eps;
        Gamma = new Parameter("weight", new Tensor(features));
        Beta = new Parameter("bias", new Tensor(features));
        Gamma.Value.AsSpan().Fill(1f);
    }

    /// <summary>Gets the scale γ.</summary>
    public Parameter Gamma { get; }

    /// <summary>Gets the shift β.</summary>
    public Parameter Beta { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var d = Gamma.Value.Length;
        if (input.Columns != d)
        {
            throw new ArgumentException($"LayerNorm expects {d} features, got {input.Columns}.", nameof(input));
        }

        var n = input.Rows;
        var h = new Tensor(n, d);
        var output = new Tensor(n, d);
        var inv = new float[n];
        for (var i = 0; i < n; i++)
        {
            var x = input.Row(i);
            var mean = TensorPrimitives.Sum(x) / d;
            var hi = h.Row(i);
            TensorPrimitives.Subtract(x, mean, hi);
            var variance = TensorPrimitives.SumOfSquares(hi) / d;
            inv[i] = 1f / MathF.Sqrt(variance + eps);
            TensorPrimitives.Multiply(hi, inv[i], hi);
            TensorPrimitives.FusedMultiplyAdd(hi, Gamma.Value.Data, Beta.Value.Data, output.Row(i));
        }

        xhat = h;
        invStd = inv;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var h = xhat ?? throw new InvalidOperationException("Backward called before Forward.");
        var n = h.Rows;
        var d = h.Columns;
        var grad = new Tensor(n, d);
        var dh = new float[d];
        for (var i = 0; i < n; i++)
        {
            var go = gradOutput.Row(i);
            var hi = h.Row(i);
            TensorPrimitives.Add(Beta.Grad.Data, go, Beta.Grad.Data);
            TensorPrimitives.MultiplyAdd(go, hi, Gamma.Grad.Data, Gamma.Grad.Data);
            TensorPrimitives.Multiply(go, Gamma.Value.Data, dh);
            var sum = TensorPrimitives.Sum(dh);
            var sumH = TensorPrimitives.Dot(dh, hi);
            var gi = grad.Row(i);
            for (var j = 0; j < d; j++)
            {
                gi[j] = invStd![i] / d * ((d * dh[j]) - sum - (hi[j] * sumH));
            }
        }

        return grad;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Gamma);
        yield return (Join(prefix, "bias"), Beta);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "") =>
        NamedParameters(prefix).Select(p => (p.Name, p.Parameter.Value));
}
