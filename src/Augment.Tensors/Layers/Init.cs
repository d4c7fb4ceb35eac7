namespace Augment.Tensors.Layers;

/// <summary>How a <see cref="Linear"/> layer's weights start.</summary>
public enum InitScheme
{
    /// <summary>PyTorch's default for Linear: U(±1/√fan_in) for weights and bias.</summary>
    Default,

    /// <summary>Kaiming/He uniform for ReLU nets: U(±√(6/fan_in)); zero bias.</summary>
    KaimingUniform,

    /// <summary>Xavier/Glorot uniform: U(±√(6/(fan_in+fan_out))); zero bias.</summary>
    XavierUniform,
}

/// <summary>Seeded weight initialisation.</summary>
public static class Init
{
    /// <summary>Fills <paramref name="values"/> with U(−bound, bound) draws from <paramref name="random"/>.</summary>
    /// <param name="values">The values.</param>
    /// <param name="bound">The half-width.</param>
    /// <param name="random">The seeded source.</param>
    public static void Uniform(Span<float> values, double bound, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * bound);
        }
    }

    /// <summary>Initialises a weight matrix (out × in) and its bias by <paramref name="scheme"/>.</summary>
    /// <param name="weight">The weights.</param>
    /// <param name="bias">The bias (out).</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="random">The seeded source.</param>
    public static void Linear(Tensor weight, Tensor bias, InitScheme scheme, Random random)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        var fanOut = weight.Rows;
        var fanIn = weight.Columns;
        switch (scheme)
        {
            case InitScheme.KaimingUniform:
                Uniform(weight.Data, Math.Sqrt(6.0 / fanIn), random);
                bias.Clear();
                break;
            case InitScheme.XavierUniform:
                Uniform(weight.Data, Math.Sqrt(6.0 / (fanIn + fanOut)), random);
                bias.Clear();
                break;
            default:
                Uniform(weight.Data, 1.0 / Math.Sqrt(fanIn), random);
                Uniform(bias.Data, 1.0 / Math.Sqrt(fanIn), random);
                break;
        }
    }
}
