using Augment.Tensors.Gemm;
using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>
/// A 2-D convolution with a square kernel, PyTorch's <c>Conv2d</c>: weight [out, in, k, k], bias [out], zero padding.
/// Runs as im2row + one GEMM over the whole batch (patch rows [N·H'·W', in·k·k] times Wᵀ), so it is as fast as the
/// GEMM and, like it, bit-identical for any thread count.
/// </summary>
public sealed class Conv2d : Module
{
    private readonly ConvGeometry geometry;
    private float[]? patches;
    private int examples;

    /// <summary>Creates the layer for inputs of one shape, with seeded initial weights (fan-in in·k·k).</summary>
    /// <param name="input">The shape of each input example.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">The kernel's side.</param>
    /// <param name="random">The seeded source of the initial weights.</param>
    /// <param name="stride">The step between windows.</param>
    /// <param name="padding">Zeros added on every side.</param>
    /// <param name="scheme">The initialisation.</param>
    public Conv2d(ImageShape input, int outChannels, int kernel, Random random, int stride = 1, int padding = 0, InitScheme scheme = InitScheme.Default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        geometry = new ConvGeometry(input, kernel, stride, padding);
        Weight = new Parameter("weight", new Tensor(outChannels, input.Channels, kernel, kernel));
        Bias = new Parameter("bias", new Tensor(outChannels));
        Init.Linear(Weight.Value, Bias.Value, scheme, random);
    }

    /// <summary>Gets the weights [out, in, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>Gets the bias [out].</summary>
    public Parameter Bias { get; }

    /// <summary>Gets the shape of each input example.</summary>
    public ImageShape InputShape => geometry.Input;

    /// <summary>Gets the shape of each output example.</summary>
    public ImageShape OutputShape => new(Weight.Value.Rows, geometry.OutHeight, geometry.OutWidth);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        geometry.Input.Check(input, nameof(Conv2d));
        int n = input.Rows, positions = geometry.Positions, width = geometry.PatchSize, outChannels = Weight.Value.Rows;
        var rows = new float[n * positions * width];
        geometry.ImageToRows(input.Data, n, rows);
        var result = new float[n * positions * outChannels];
        Blas.Gemm(false, true, n * positions, outChannels, width, 1f, rows, width, Weight.Value.Data, width, 0f, result, outChannels);
        var output = OutputShape.NewBatch(n);
        ChannelLayout.FromRows(result, n, outChannels, positions, output.Data, Bias.Value.Data);
        patches = rows;
        examples = n;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var rows = patches ?? throw new InvalidOperationException("Backward called before Forward.");
        OutputShape.Check(gradOutput, nameof(Conv2d));
        int n = examples, positions = geometry.Positions, width = geometry.PatchSize, outChannels = Weight.Value.Rows;
        var grad = new float[n * positions * outChannels];
        ChannelLayout.ToRows(gradOutput.Data, n, outChannels, positions, grad);
        Blas.Gemm(true, false, outChannels, width, n * positions, 1f, grad, outChannels, rows, width, 1f, Weight.Grad.Data, width);
        ChannelLayout.AccumulateChannelSums(gradOutput.Data, n, outChannels, positions, Bias.Grad.Data);
        var gradRows = new float[rows.Length];
        Blas.Gemm(false, false, n * positions, width, outChannels, 1f, grad, outChannels, Weight.Value.Data, width, 0f, gradRows, width);
        var gradInput = geometry.Input.NewBatch(n);
        geometry.RowsToImage(gradRows, n, gradInput.Data);
        return gradInput;
    }

    // ONNX Conv: the same weight layout [out, in, k, k], symmetric zero padding.
    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddImageNode(
            "Conv",
            [graph.AsImage(input, InputShape), graph.AddInitializer(Join(prefix, "weight"), Weight.Value), graph.AddInitializer(Join(prefix, "bias"), Bias.Value)],
            OutputShape,
            OnnxAttribute.Ints("kernel_shape", geometry.Kernel, geometry.Kernel),
            OnnxAttribute.Ints("strides", geometry.Stride, geometry.Stride),
            OnnxAttribute.Ints("pads", geometry.Padding, geometry.Padding, geometry.Padding, geometry.Padding));

    /// <inheritdoc />
    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Weight);
        yield return (Join(prefix, "bias"), Bias);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "") =>
        NamedParameters(prefix).Select(p => (p.Name, p.Parameter.Value));
}
