using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>Nearest-neighbour upsampling by an integer factor (ONNX <c>Resize</c>, mode nearest): each pixel becomes a
/// factor × factor block; the backward pass sums each block's gradients.</summary>
public sealed class Upsample2d : Module
{
    private readonly ImageShape shape;
    private readonly int factor;

    /// <summary>Creates the layer.</summary>
    /// <param name="input">The shape of each input example.</param>
    /// <param name="factor">The scale (2 doubles both sides).</param>
    public Upsample2d(ImageShape input, int factor = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        shape = input;
        this.factor = factor;
    }

    /// <summary>Gets the shape of each output example.</summary>
    public ImageShape OutputShape => new(shape.Channels, shape.Height * factor, shape.Width * factor);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        shape.Check(input, nameof(Upsample2d));
        var output = OutputShape.NewBatch(input.Rows);
        int planes = input.Rows * shape.Channels, w = shape.Width, ow = OutputShape.Width;
        for (var q = 0; q < planes; q++)
        {
            var x = input.Data.AsSpan(q * shape.Plane, shape.Plane);
            var y = output.Data.AsSpan(q * OutputShape.Plane, OutputShape.Plane);
            for (var i = 0; i < OutputShape.Height; i++)
            {
                var source = x.Slice(i / factor * w, w);
                var target = y.Slice(i * ow, ow);
                for (var j = 0; j < ow; j++)
                {
                    target[j] = source[j / factor];
                }
            }
        }

        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        OutputShape.Check(gradOutput, nameof(Upsample2d));
        var grad = shape.NewBatch(gradOutput.Rows);
        int planes = gradOutput.Rows * shape.Channels, w = shape.Width, ow = OutputShape.Width;
        for (var q = 0; q < planes; q++)
        {
            var gy = gradOutput.Data.AsSpan(q * OutputShape.Plane, OutputShape.Plane);
            var gx = grad.Data.AsSpan(q * shape.Plane, shape.Plane);
            for (var i = 0; i < OutputShape.Height; i++)
            {
                var target = gx.Slice(i / factor * w, w);
                var source = gy.Slice(i * ow, ow);
                for (var j = 0; j < ow; j++)
                {
                    target[j / factor] += source[j];
                }
            }
        }

        return grad;
    }

    // Resize, nearest, with output pixel i reading input pixel ⌊i / factor⌋ exactly as Forward does (asymmetric
    // coordinates, floor); scales [1, 1, factor, factor], no region of interest.
    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var scales = new Tensor(4);
        scales.AsSpan().Fill(1f);
        scales.Data[2] = factor;
        scales.Data[3] = factor;
        return graph.AddImageNode(
            "Resize",
            [graph.AsImage(input, shape), string.Empty, graph.AddInitializer(Join(prefix, "scales"), scales)],
            OutputShape,
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));
    }
}

/// <summary>Average pooling over non-overlapping factor × factor blocks (ONNX <c>AveragePool</c>, kernel = stride); the
/// sides must divide by the factor. The backward pass spreads each gradient evenly over its block.</summary>
public sealed class AvgPool2d : Module
{
    private readonly ImageShape shape;
    private readonly int factor;

    /// <summary>Creates the layer.</summary>
    /// <param name="input">The shape of each input example.</param>
    /// <param name="factor">The block side (2 halves both sides).</param>
    /// <exception cref="ArgumentException">A side does not divide by <paramref name="factor"/>.</exception>
    public AvgPool2d(ImageShape input, int factor = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (input.Height % factor != 0 || input.Width % factor != 0)
        {
            throw new ArgumentException($"AvgPool2d by {factor} needs sides that divide by it, got {input.Height}×{input.Width}.", nameof(factor));
        }

        shape = input;
        this.factor = factor;
    }

    /// <summary>Gets the shape of each output example.</summary>
    public ImageShape OutputShape => new(shape.Channels, shape.Height / factor, shape.Width / factor);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        shape.Check(input, nameof(AvgPool2d));
        var output = OutputShape.NewBatch(input.Rows);
        var scale = 1f / (factor * factor);
        int planes = input.Rows * shape.Channels, w = shape.Width, ow = OutputShape.Width;
        for (var q = 0; q < planes; q++)
        {
            var x = input.Data.AsSpan(q * shape.Plane, shape.Plane);
            var y = output.Data.AsSpan(q * OutputShape.Plane, OutputShape.Plane);
            for (var i = 0; i < shape.Height; i++)
            {
                var source = x.Slice(i * w, w);
                var target = y.Slice(i / factor * ow, ow);
                for (var j = 0; j < w; j++)
                {
                    target[j / factor] += source[j] * scale;
                }
            }
        }

        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        OutputShape.Check(gradOutput, nameof(AvgPool2d));
        var grad = shape.NewBatch(gradOutput.Rows);
        var scale = 1f / (factor * factor);
        int planes = gradOutput.Rows * shape.Channels, w = shape.Width, ow = OutputShape.Width;
        for (var q = 0; q < planes; q++)
        {
            var gy = gradOutput.Data.AsSpan(q * OutputShape.Plane, OutputShape.Plane);
            var gx = grad.Data.AsSpan(q * shape.Plane, shape.Plane);
            for (var i = 0; i < shape.Height; i++)
            {
                var source = gy.Slice(i / factor * ow, ow);
                var target = gx.Slice(i * w, w);
                for (var j = 0; j < w; j++)
                {
                    target[j] = source[j / factor] * scale;
                }
            }
        }

        return grad;
    }

    // AveragePool with kernel = stride = factor and no padding: every window is whole.
    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddImageNode(
            "AveragePool",
            [graph.AsImage(input, shape)],
            OutputShape,
            OnnxAttribute.Ints("kernel_shape", factor, factor),
            OnnxAttribute.Ints("strides", factor, factor));
}
