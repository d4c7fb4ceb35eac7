using Augment.Tensors.Onnx;
using Augment.Tensors.Ops;

namespace Augment.Tensors.Layers;

/// <summary>An additive residual block: y = x + f(x) (f keeps the width).</summary>
/// <param name="inner">The block f.</param>
public sealed class Residual(Module inner) : Module
{
    /// <summary>Gets the block f.</summary>
    public Module Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inner = Inner.Forward(input);
        Tensor.SameShape(inner, input, "Residual");

        // A new tensor: the inner module may have cached its output for its backward pass.
        var y = new Tensor([.. input.Shape]);
        System.Numerics.Tensors.TensorPrimitives.Add(inner.Data, input.Data, y.Data);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var g = Inner.Backward(gradOutput);
        System.Numerics.Tensors.TensorPrimitives.Add(g.Data, gradOutput.Data, g.Data);
        return g;
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var inner = Inner.ExportOnnx(graph, input, Join(prefix, "inner"));
        return graph.Layout(inner) == graph.Layout(input)
            ? graph.AddElementwise("Add", [inner, input])
            : graph.AddNode("Add", [graph.AsFlat(inner), graph.AsFlat(input)]);
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Module Child)> NamedChildren() => [("inner", Inner)];
}

/// <summary>CTGAN's residual block: y = [f(x), x] (the block's output concatenated before its input).</summary>
/// <param name="inner">The block f.</param>
public sealed class ConcatResidual(Module inner) : Module
{
    private int innerWidth;

    /// <summary>Gets the block f.</summary>
    public Module Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var y = Inner.Forward(input);
        innerWidth = y.Columns;
        var output = new Tensor(input.Rows, y.Columns + input.Columns);
        RowOps.CopyColumns(y, output, 0);
        RowOps.CopyColumns(input, output, innerWidth);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var gInner = Inner.Backward(RowOps.SliceColumns(gradOutput, 0, innerWidth));
        var gSkip = RowOps.SliceColumns(gradOutput, innerWidth, gradOutput.Columns - innerWidth);
        System.Numerics.Tensors.TensorPrimitives.Add(gInner.Data, gSkip.Data, gInner.Data);
        return gInner;
    }

    // Concatenated flat: for image batches, [f(x), x] per example is the channel concatenation in NCHW order (when f
    // keeps H × W), and the next image layer reshapes it as its input shape says.
    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddNode("Concat", [graph.AsFlat(Inner.ExportOnnx(graph, input, Join(prefix, "inner"))), graph.AsFlat(input)], OnnxAttribute.Int("axis", 1));

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Module Child)> NamedChildren() => [("inner", Inner)];
}
