using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>Modules applied in order; their state is named <c>0.weight</c>, <c>1.running_mean</c>, ….</summary>
public sealed class Sequential : Module
{
    private readonly Module[] modules;

    /// <summary>Creates the chain.</summary>
    /// <param name="modules">The modules, first applied first.</param>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        this.modules = (Module[])modules.Clone();
    }

    /// <summary>Gets the modules.</summary>
    public IReadOnlyList<Module> Modules => modules;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in modules)
        {
            x = m.Forward(x);
        }

        return x;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var g = gradOutput;
        for (var i = modules.Length - 1; i >= 0; i--)
        {
            g = modules[i].Backward(g);
        }

        return g;
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var x = input;
        for (var i = 0; i < modules.Length; i++)
        {
            x = modules[i].ExportOnnx(graph, x, Join(prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return x;
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Module Child)> NamedChildren() =>
        modules.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m));
}
