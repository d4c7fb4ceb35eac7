using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>
/// A network piece with an explicit forward and backward pass. <see cref="Forward"/> caches what
/// <see cref="Backward"/> needs; <see cref="Backward"/> takes ∂L/∂output, adds ∂L/∂θ to every parameter's
/// <see cref="Parameter.Grad"/> and returns ∂L/∂input. One backward per forward.
/// </summary>
public abstract class Module
{
    private bool training = true;

    /// <summary>Gets or sets whether the module is training (batch statistics, dropout) or evaluating.</summary>
    public bool Training
    {
        get => training;
        set
        {
            training = value;
            foreach (var child in Children())
            {
                child.Training = value;
            }
        }
    }

    /// <summary>Runs the module on a batch (rows = examples).</summary>
    /// <param name="input">The batch.</param>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Back-propagates the gradient of the last <see cref="Forward"/>'s output.</summary>
    /// <param name="gradOutput">∂L/∂output, shaped like the output.</param>
    /// <returns>∂L/∂input.</returns>
    public abstract Tensor Backward(Tensor gradOutput);

    /// <summary>Gets the trainable parameters with their dotted names (children included).</summary>
    /// <param name="prefix">The prefix for the names.</param>
    public virtual IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, child) in NamedChildren())
        {
            foreach (var p in child.NamedParameters(Join(prefix, name)))
            {
                yield return p;
            }
        }
    }

    /// <summary>Gets every tensor that defines the module (parameters and buffers such as running statistics).</summary>
    /// <param name="prefix">The prefix for the names.</param>
    public virtual IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "")
    {
        foreach (var (name, child) in NamedChildren())
        {
            foreach (var s in child.State(Join(prefix, name)))
            {
                yield return s;
            }
        }
    }

    /// <summary>Gets the trainable parameters.</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.Grad.Clear();
        }
    }

    /// <summary>Copies values into the module's state tensors by name.</summary>
    /// <param name="tensors">The tensors by name; every state tensor must be present with its shape.</param>
    /// <exception cref="InvalidDataException">A tensor is missing or has another shape.</exception>
    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var (name, tensor) in State())
        {
            if (!tensors.TryGetValue(name, out var source))
            {
                throw new InvalidDataException($"The model file has no tensor '{name}'.");
            }

            if (!source.Shape.SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(", ", source.Shape)}], expected [{string.Join(", ", tensor.Shape)}].");
            }

            source.Data.CopyTo(tensor.Data, 0);
        }
    }

    /// <summary>Adds this module's nodes to an ONNX graph.</summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="input">The name of the input value.</param>
    /// <param name="prefix">The name prefix for initializers.</param>
    /// <returns>The name of the output value.</returns>
    /// <exception cref="NotSupportedException">The module has no ONNX form.</exception>
    internal virtual string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) =>
        throw new NotSupportedException($"{GetType().Name} cannot be exported to ONNX.");

    /// <summary>Gets the child modules with their names.</summary>
    protected virtual IEnumerable<(string Name, Module Child)> NamedChildren() => [];

    /// <summary>Joins a prefix and a name with a dot.</summary>
    protected static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private IEnumerable<Module> Children() => NamedChildren().Select(c => c.Child);
}
