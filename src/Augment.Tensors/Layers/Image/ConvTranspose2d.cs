using System.Numerics.Tensors;
using Augment.Tensors.Gemm;
using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>
/// A 2-D transposed convolution with a square kernel, PyTorch's <c>ConvTranspose2d</c>: weight [in, out, k, k], bias
/// [out]; output side (H − 1)·stride − 2·padding + k + outputPadding. It is the adjoint of a convolution over the
/// output image: each input pixel's channel vector times the weight matrix [in, out·k·k] gives a patch that is added
/// onto the output (row2im), so the forward pass is one GEMM and the backward passes are im2row plus two GEMMs.
/// </summary>
public sealed class ConvTranspose2d : Module
{
    private readonly ImageShape inputShape;
    private readonly ConvGeometry geometry;
    private readonly int outputPadding;
    private float[]? inputRows;
    private int examples;

    /// <summary>Creates the layer for inputs of one shape, with seeded initial weights (fan-in out·k·k, as PyTorch).</summary>
    /// <param name="input">The shape of each input example.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">The kernel's side.</param>
    /// <param name="random">The seeded source of the initial weights.</param>
    /// <param name="stride">The upsampling step.</param>
    /// <param name="padding">Rows and columns cropped from every side of the full output.</param>
    /// <param name="outputPadding">Rows and columns added on the bottom and right (less than <paramref name="stride"/>).</param>
    /// <param name="scheme">The initialisation.</param>
    public ConvTranspose2d(ImageShape input, int outChannels, int kernel, Random random, int stride = 1, int padding = 0, int outputPadding = 0, InitScheme scheme = InitScheme.Default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(outputPadding);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(outputPadding, stride);
        inputShape = input;
        this.outputPadding = outputPadding;
        var height = ((input.Height - 1) * stride) - (2 * padding) + kernel + outputPadding;
        var width = ((input.Width - 1) * stride) - (2 * padding) + kernel + outputPadding;
        if (height < 1 || width < 1)
        {
            throw new ArgumentException($"Padding {padding} crops the whole {kernel}×{kernel} output of a {input.Height}×{input.Width} input.", nameof(padding));
        }

        geometry = new ConvGeometry(new ImageShape(outChannels, height, width), kernel, stride, padding);
        Weight = new Parameter("weight", new Tensor(input.Channels, outChannels, kernel, kernel));
        Bias = new Parameter("bias", new Tensor(outChannels));
        Init.Linear(Weight.Value, Bias.Value, scheme, random);
    }

    /// <summary>Gets the weights [in, out, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>Gets the bias [out].</summary>
    public Parameter Bias { get; }

    /// <summary>Gets the shape of each input example.</summary>
    public ImageShape InputShape => inputShape;

    /// <summary>Gets the shape of each output example.</summary>
    public ImageShape OutputShape => geometry.Input;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        inputShape.Check(input, nameof(ConvTranspose2d));
        int n = input.Rows, positions = inputShape.Plane, inChannels = inputShape.Channels, width = geometry.PatchSize;
        var rows = new float[n * positions * inChannels];
        ChannelLayout.ToRows(input.Data, n, inChannels, positions, rows);
        var patches = new float[n * positions * width];
        Blas.Gemm(false, false, n * positions, width, inChannels, 1f, rows, inChannels, Weight.Value.Data, width, 0f, patches, width);
        var output = OutputShape.NewBatch(n);
        geometry.RowsToImage(patches, n, output.Data);
        AddChannelBias(output.Data, n);
        inputRows = rows;
        examples = n;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var rows = inputRows ?? throw new InvalidOperationException("Backward called before Forward.");
        OutputShape.Check(gradOutput, nameof(ConvTranspose2d));
        int n = examples, positions = inputShape.Plane, inChannels = inputShape.Channels, width = geometry.PatchSize;
        var gradPatches = new float[n * positions * width];
        geometry.ImageToRows(gradOutput.Data, n, gradPatches);
        Blas.Gemm(true, false, inChannels, width, n * positions, 1f, rows, inChannels, gradPatches, width, 1f, Weight.Grad.Data, width);
        ChannelLayout.AccumulateChannelSums(gradOutput.Data, n, OutputShape.Channels, OutputShape.Plane, Bias.Grad.Data);
        var gradRows = new float[rows.Length];
        Blas.Gemm(false, true, n * positions, inChannels, width, 1f, gradPatches, width, Weight.Value.Data, width, 0f, gradRows, inChannels);
        var gradInput = inputShape.NewBatch(n);
        ChannelLayout.FromRows(gradRows, n, inChannels, positions, gradInput.Data);
        return gradInput;
    }

    // ONNX ConvTranspose: weight [in, out, k, k] as ours; output (H − 1)·s + output_padding + k − 2p, the same side.
    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddImageNode(
            "ConvTranspose",
            [graph.AsImage(input, InputShape), graph.AddInitializer(Join(prefix, "weight"), Weight.Value), graph.AddInitializer(Join(prefix, "bias"), Bias.Value)],
            OutputShape,
            OnnxAttribute.Ints("kernel_shape", geometry.Kernel, geometry.Kernel),
            OnnxAttribute.Ints("strides", geometry.Stride, geometry.Stride),
            OnnxAttribute.Ints("pads", geometry.Padding, geometry.Padding, geometry.Padding, geometry.Padding),
            OnnxAttribute.Ints("output_padding", outputPadding, outputPadding));

    /// <inheritdoc />
    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Weight);
        yield return (Join(prefix, "bias"), Bias);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "") =>
        NamedParameters(prefix).Select(p => (p.Name, p.Parameter.Value));

    private void AddChannelBias(float[] images, int n)
    {
        var shape = OutputShape;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < shape.Channels; c++)
            {
                var plane = images.AsSpan(((i * shape.Channels) + c) * shape.Plane, shape.Plane);
                TensorPrimitives.Add(plane, Bias.Value.Data[c], plane);
            }
        }
    }
}
