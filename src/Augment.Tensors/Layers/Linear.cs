using Augment.Tensors.Gemm;
using Augment.Tensors.Onnx;
using Augment.Tensors.Ops;

namespace Augment.Tensors.Layers;

/// <summary>A fully connected layer y = x·Wᵀ + b, W stored out × in (PyTorch's layout).</summary>
public sealed class Linear : Module
{
    private Tensor? input;

    /// <summary>Creates the layer with seeded initial weights.</summary>
    /// <param name="inputs">Input features.</param>
    /// <param name="outputs">Output features.</param>
    /// <param name="random">The seeded source of the initial weights.</param>
    /// <param name="scheme">The initialisation.</param>
    public Linear(int inputs, int outputs, Random random, InitScheme scheme = InitScheme.Default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Weight = new Parameter("weight", new Tensor(outputs, inputs));
        Bias = new Parameter("bias", new Tensor(outputs));
        Init.Linear(Weight.Value, Bias.Value, scheme, random);
    }

    /// <summary>Gets the weights (out × in).</summary>
    public Parameter Weight { get; }

    /// <summary>Gets the bias (out).</summary>
    public Parameter Bias { get; }

    /// <summary>Gets the number of input features.</summary>
    public int Inputs => Weight.Value.Columns;

    /// <summary>Gets the number of output features.</summary>
    public int Outputs => Weight.Value.Rows;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Columns != Inputs)
        {
            throw new ArgumentException($"Linear expects {Inputs} features, got {input.Columns}.", nameof(input));
        }

        this.input = input;
        var output = new Tensor(input.Rows, Outputs);
        Blas.Gemm(input, false, Weight.Value, true, output);
        RowOps.AddToRows(output, Bias.Value.Data);
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var x = input ?? throw new InvalidOperationException("Backward called before Forward.");
        Blas.Gemm(gradOutput, true, x, false, Weight.Grad, beta: 1f);
        RowOps.AccumulateColumnSums(gradOutput, Bias.Grad.Data);
        var gradInput = new Tensor(x.Rows, Inputs);
        Blas.Gemm(gradOutput, false, Weight.Value, false, gradInput);
        return gradInput;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Weight);
        yield return (Join(prefix, "bias"), Bias);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "") =>
        NamedParameters(prefix).Select(p => (p.Name, p.Parameter.Value));

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var w = graph.AddInitializer(Join(prefix, "weight"), Weight.Value);
        var b = graph.AddInitializer(Join(prefix, "bias"), Bias.Value);
        return graph.AddNode("Gemm", [graph.AsFlat(input), w, b], OnnxAttribute.Int("transB", 1));
    }
}
