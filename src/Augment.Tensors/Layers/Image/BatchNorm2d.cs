using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>
/// Batch normalisation per channel of an image batch (PyTorch's <c>BatchNorm2d</c>): training normalises each channel by
/// the mean and biased variance over every example and pixel and updates running statistics (unbiased variance,
/// <c>momentum</c> weight of the new batch); evaluation uses them. Statistics are summed in double, so a channel of a
/// large batch does not lose precision.
/// </summary>
public sealed class BatchNorm2d : Module
{
    private readonly ImageShape shape;
    private readonly float eps;
    private readonly float momentum;
    private Tensor? xhat;
    private float[]? invStd;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and variance 1.</summary>
    /// <param name="shape">The shape of each example.</param>
    /// <param name="eps">Added to the variance (1e-5).</param>
    /// <param name="momentum">The weight of a new batch in the running statistics (0.1).</param>
    public BatchNorm2d(ImageShape shape, float eps = 1e-5f, float momentum = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Channels, 1);
        this.shape = shape;
        this.eps = eps;
        this.momentum = momentum;
        Gamma = new Parameter("weight", new Tensor(shape.Channels));
        Beta = new Parameter("bias", new Tensor(shape.Channels));
        Gamma.Value.AsSpan().Fill(1f);
        RunningMean = new Tensor(shape.Channels);
        RunningVar = new Tensor(shape.Channels);
        RunningVar.AsSpan().Fill(1f);
    }

    /// <summary>Gets the scale γ per channel.</summary>
    public Parameter Gamma { get; }

    /// <summary>Gets the shift β per channel.</summary>
    public Parameter Beta { get; }

    /// <summary>Gets the running mean per channel.</summary>
    public Tensor RunningMean { get; }

    /// <summary>Gets the running (unbiased) variance per channel.</summary>
    public Tensor RunningVar { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        shape.Check(input, nameof(BatchNorm2d));
        int n = input.Rows, channels = shape.Channels, plane = shape.Plane;
        long count = (long)n * plane;
        var mean = new float[channels];
        var variance = new float[channels];
        if (Training)
        {
            if (count < 2)
            {
                throw new ArgumentException("BatchNorm2d needs at least 2 values per channel in training mode.", nameof(input));
            }

            for (var c = 0; c < channels; c++)
            {
                double sum = 0;
                for (var i = 0; i < n; i++)
                {
                    foreach (var v in Plane(input.Data, i, c))
                    {
                        sum += v;
                    }
                }

                var m = sum / count;
                double squares = 0;
                for (var i = 0; i < n; i++)
                {
                    foreach (var v in Plane(input.Data, i, c))
                    {
                        squares += (v - m) * (v - m);
                    }
                }

                mean[c] = (float)m;
                variance[c] = (float)(squares / count);
                RunningMean.Data[c] = ((1 - momentum) * RunningMean.Data[c]) + (momentum * mean[c]);
                RunningVar.Data[c] = ((1 - momentum) * RunningVar.Data[c]) + (float)(momentum * squares / (count - 1));
            }
        }
        else
        {
            RunningMean.Data.CopyTo(mean, 0);
            RunningVar.Data.CopyTo(variance, 0);
        }

        var inv = new float[channels];
        var normalised = shape.NewBatch(n);
        var output = shape.NewBatch(n);
        for (var c = 0; c < channels; c++)
        {
            inv[c] = 1f / MathF.Sqrt(variance[c] + eps);
            float g = Gamma.Value.Data[c], b = Beta.Value.Data[c];
            for (var i = 0; i < n; i++)
            {
                var x = Plane(input.Data, i, c);
                var h = Plane(normalised.Data, i, c);
                var y = Plane(output.Data, i, c);
                for (var p = 0; p < plane; p++)
                {
                    h[p] = (x[p] - mean[c]) * inv[c];
                    y[p] = (h[p] * g) + b;
                }
            }
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
        shape.Check(gradOutput, nameof(BatchNorm2d));
        int n = h.Rows, plane = shape.Plane;
        double count = (double)n * plane;
        var grad = shape.NewBatch(n);
        for (var c = 0; c < shape.Channels; c++)
        {
            double sumG = 0, sumGh = 0;
            for (var i = 0; i < n; i++)
            {
                var gy = Plane(gradOutput.Data, i, c);
                var hh = Plane(h.Data, i, c);
                for (var p = 0; p < plane; p++)
                {
                    sumG += gy[p];
                    sumGh += gy[p] * hh[p];
                }
            }

            Beta.Grad.Data[c] += (float)sumG;
            Gamma.Grad.Data[c] += (float)sumGh;
            var scale = Gamma.Value.Data[c] * invStd![c];
            float meanG = (float)(sumG / count), meanGh = (float)(sumGh / count);
            for (var i = 0; i < n; i++)
            {
                var gy = Plane(gradOutput.Data, i, c);
                var hh = Plane(h.Data, i, c);
                var gx = Plane(grad.Data, i, c);
                for (var p = 0; p < plane; p++)
                {
                    gx[p] = Training ? scale * (gy[p] - meanG - (hh[p] * meanGh)) : scale * gy[p];
                }
            }
        }

        return grad;
    }

    // The evaluation form (running statistics), whatever the module's mode: an exported network samples.
    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddImageNode(
            "BatchNormalization",
            [graph.AsImage(input, shape), graph.AddInitializer(Join(prefix, "weight"), Gamma.Value), graph.AddInitializer(Join(prefix, "bias"), Beta.Value),
             graph.AddInitializer(Join(prefix, "running_mean"), RunningMean), graph.AddInitializer(Join(prefix, "running_var"), RunningVar)],
            shape,
            OnnxAttribute.Float("epsilon", eps));

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

    private Span<float> Plane(float[] data, int example, int channel) =>
        data.AsSpan(((example * shape.Channels) + channel) * shape.Plane, shape.Plane);
}
