using System.Numerics.Tensors;
using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>
/// Batch normalisation over the rows of a matrix: training uses the batch's mean and (biased) variance and
/// updates running statistics (unbiased variance, <c>momentum</c> weight of the new batch); evaluation uses them.
/// </summary>
public sealed class BatchNorm1d : Module
{
    private readonly float eps;
    private readonly float momentum;
    private Tensor? xhat;
    private float[]? invStd;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and variance 1.</summary>
    /// <param name="features">The number of columns.</param>
    /// <param name="eps">Added to the variance (1e-5).</param>
    /// <param name="momentum">The weight of a new batch in the running statistics (0.1).</param>
    public BatchNorm1d(int features, float eps = 1e-5f, float momentum = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        this.eps = eps;
        this.momentum = momentum;
        Gamma = new Parameter("weight", new Tensor(features));
        Beta = new Parameter("bias", new Tensor(features));
        Gamma.Value.AsSpan().Fill(1f);
        RunningMean = new Tensor(features);
        RunningVar = new Tensor(features);
        RunningVar.AsSpan().Fill(1f);
    }

    /// <summary>Gets the scale γ.</summary>
    public Parameter Gamma { get; }

    /// <summary>Gets the shift β.</summary>
    public Parameter Beta { get; }

    /// <summary>Gets the running mean.</summary>
    public Tensor RunningMean { get; }

    /// <summary>Gets the running (unbiased) variance.</summary>
    public Tensor RunningVar { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var n = input.Rows;
        var d = Gamma.Value.Length;
        if (input.Columns != d)
        {
            throw new ArgumentException($"BatchNorm1d expects {d} features, got {input.Columns}.", nameof(input));
        }

        var mean = new float[d];
        var variance = new float[d];
        if (Training)
        {
            if (n < 2)
            {
                throw new ArgumentException("BatchNorm1d needs at least 2 rows in training mode.", nameof(input));
            }

            var tmp = new float[d];
            for (var i = 0; i < n; i++)
            {
                TensorPrimitives.Add(mean, input.Row(i), mean);
            }

            TensorPrimitives.Divide(mean, n, mean);
            for (var i = 0; i < n; i++)
            {
                TensorPrimitives.Subtract(input.Row(i), mean, tmp);
                TensorPrimitives.MultiplyAdd(tmp, tmp, variance, variance);
            }

            TensorPrimitives.Divide(variance, n, variance);
            for (var j = 0; j < d; j++)
            {
                RunningMean.Data[j] = ((1 - momentum) * RunningMean.Data[j]) + (momentum * mean[j]);
                RunningVar.Data[j] = ((1 - momentum) * RunningVar.Data[j]) + (momentum * variance[j] * n / (n - 1));
            }
        }
        else
        {
            RunningMean.Data.CopyTo(mean, 0);
            RunningVar.Data.CopyTo(variance, 0);
        }

        var inv = new float[d];
        for (var j = 0; j < d; j++)
        {
            inv[j] = 1f / MathF.Sqrt(variance[j] + eps);
        }

        var normalised = new Tensor(n, d);
        var output = new Tensor(n, d);
        for (var i = 0; i < n; i++)
        {
            var h = normalised.Row(i);
            TensorPrimitives.Subtract(input.Row(i), mean, h);
            TensorPrimitives.Multiply(h, inv, h);
            TensorPrimitives.FusedMultiplyAdd(h, Gamma.Value.Data, Beta.Value.Data, output.Row(i));
        }

        xhat = normalised;
        invStd = inv;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var h = xhat ?? throw new InvalidOperationException("Backward called before Forward.");
        var inv = invStd!;
        var n = h.Rows;
        var d = h.Columns;
        var sumG = new float[d];
        var sumGh = new float[d];
        for (var i = 0; i < n; i++)
        {
            TensorPrimitives.Add(sumG, gradOutput.Row(i), sumG);
            TensorPrimitives.MultiplyAdd(gradOutput.Row(i), h.Row(i), sumGh, sumGh);
        }

        TensorPrimitives.Add(Beta.Grad.Data, sumG, Beta.Grad.Data);
        TensorPrimitives.Add(Gamma.Grad.Data, sumGh, Gamma.Grad.Data);
        var grad = new Tensor(n, d);
        var scale = new float[d];
        TensorPrimitives.Multiply(Gamma.Value.Data, inv, scale);
        if (!Training)
        {
            for (var i = 0; i < n; i++)
            {
                TensorPrimitives.Multiply(gradOutput.Row(i), scale, grad.Row(i));
            }

            return grad;
        }

        // dx = γ·invstd/n · (n·g − Σg − x̂·Σ(g·x̂))
        for (var i = 0; i < n; i++)
        {
            var gi = grad.Row(i);
            var go = gradOutput.Row(i);
            var hi = h.Row(i);
            for (var j = 0; j < d; j++)
            {
                gi[j] = scale[j] / n * ((n * go[j]) - sumG[j] - (hi[j] * sumGh[j]));
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
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Gamma.Value);
        yield return (Join(prefix, "bias"), Beta.Value);
        yield return (Join(prefix, "running_mean"), RunningMean);
        yield return (Join(prefix, "running_var"), RunningVar);
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddNode(
            "BatchNormalization",
            [graph.AsFlat(input), graph.AddInitializer(Join(prefix, "weight"), Gamma.Value), graph.AddInitializer(Join(prefix, "bias"), Beta.Value),
             graph.AddInitializer(Join(prefix, "running_mean"), RunningMean), graph.AddInitializer(Join(prefix, "running_var"), RunningVar)],
            OnnxAttribute.Float("epsilon", eps));
}
