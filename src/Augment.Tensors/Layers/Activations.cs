using System.Numerics.Tensors;
using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>An elementwise activation: caches its input and output for the backward pass.</summary>
public abstract class Activation : Module
{
    /// <summary>Gets the last forward input.</summary>
    protected Tensor? LastInput { get; private set; }

    /// <summary>Gets the last forward output.</summary>
    protected Tensor? LastOutput { get; private set; }

    /// <inheritdoc />
    public sealed override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = new Tensor([.. input.Shape]);
        Apply(input.Data, output.Data);
        LastInput = input;
        LastOutput = output;
        return output;
    }

    /// <inheritdoc />
    public sealed override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (LastInput is null || LastOutput is null)
        {
            throw new InvalidOperationException("Backward called before Forward.");
        }

        var grad = new Tensor([.. gradOutput.Shape]);
        Derive(LastInput.Data, LastOutput.Data, gradOutput.Data, grad.Data);
        return grad;
    }

    /// <summary>Computes y = f(x).</summary>
    protected abstract void Apply(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>Computes ∂L/∂x = f'(x)·∂L/∂y.</summary>
    protected abstract void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx);
}

/// <summary>max(x, 0).</summary>
public sealed class ReLU : Activation
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            gx[i] = x[i] > 0f ? gy[i] : 0f;
        }
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) => graph.AddElementwise("Relu", [input]);
}

/// <summary>x for x &gt; 0, slope·x otherwise.</summary>
/// <param name="slope">The negative slope (0.01 by default; CTGAN uses 0.2).</param>
public sealed class LeakyReLU(float slope = 0.01f) : Activation
{
    /// <summary>Gets the negative slope.</summary>
    public float Slope { get; } = slope;

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : Slope * x[i];
        }
    }

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            gx[i] = x[i] > 0f ? gy[i] : Slope * gy[i];
        }
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddElementwise("LeakyRelu", [input], OnnxAttribute.Float("alpha", Slope));
}

/// <summary>tanh(x).</summary>
public sealed class Tanh : Activation
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            gx[i] = gy[i] * (1f - (y[i] * y[i]));
        }
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) => graph.AddElementwise("Tanh", [input]);
}

/// <summary>1 / (1 + e⁻ˣ).</summary>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            gx[i] = gy[i] * y[i] * (1f - y[i]);
        }
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) => graph.AddElementwise("Sigmoid", [input]);
}

/// <summary>SiLU (swish): x·σ(x).</summary>
public sealed class SiLU : Activation
{
    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Sigmoid(x, y);
        TensorPrimitives.Multiply(x, y, y);
    }

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var s = 1f / (1f + MathF.Exp(-x[i]));
            gx[i] = gy[i] * (s + (x[i] * s * (1f - s)));
        }
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        graph.AddElementwise("Mul", [input, graph.AddElementwise("Sigmoid", [input])]);
}

/// <summary>GELU, tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
public sealed class GELU : Activation
{
    private const float C = 0.7978845608028654f;

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            y[i] = 0.5f * v * (1f + MathF.Tanh(C * (v + (0.044715f * v * v * v))));
        }
    }

    /// <inheritdoc />
    protected override void Derive(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            var t = MathF.Tanh(C * (v + (0.044715f * v * v * v)));
            var dt = (1f - (t * t)) * C * (1f + (3f * 0.044715f * v * v));
            gx[i] = gy[i] * ((0.5f * (1f + t)) + (0.5f * v * dt));
        }
    }
}
