namespace Augment.Tensors.Layers;

/// <summary>A trainable tensor and the gradient accumulated for it.</summary>
public sealed class Parameter
{
    /// <summary>Creates a parameter with a zero gradient of the same shape.</summary>
    /// <param name="name">The name within its module (e.g. <c>weight</c>).</param>
    /// <param name="value">The values.</param>
    public Parameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Grad = new Tensor([.. value.Shape]);
    }

    /// <summary>Gets the name within its module.</summary>
    public string Name { get; }

    /// <summary>Gets the values.</summary>
    public Tensor Value { get; }

    /// <summary>Gets the accumulated gradient.</summary>
    public Tensor Grad { get; }
}
