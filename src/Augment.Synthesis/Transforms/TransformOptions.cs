namespace Augment.Synthesis.Transforms;

/// <summary>How categories are laid out in the transformed matrix.</summary>
public enum CategoryEncoding
{
    /// <summary>One output per category (0/1); a softmax group for a network.</summary>
    OneHot,

    /// <summary>One output holding the category index (0, 1, …), for an embedding layer.</summary>
    Index,
}

/// <summary>Options of <see cref="DataTransformer.Fit"/>.</summary>
public sealed class TransformOptions
{
    /// <summary>Gets the default options.</summary>
    public static TransformOptions Default { get; } = new();

    /// <summary>Gets the most modes of a continuous column's Gaussian mixture. Default 10 (as CTGAN).</summary>
    public int MaxModes { get; init; } = 10;

    /// <summary>Gets the weight under which a mode is pruned. Default 0.005 (as CTGAN).</summary>
    public double PruneBelow { get; init; } = 0.005;

    /// <summary>Gets the most values of a column the mixture is fitted on (a seeded subsample beyond). Default 20,000.</summary>
    public int MaxFitValues { get; init; } = 20_000;

    /// <summary>Gets how categories are encoded. Default <see cref="CategoryEncoding.OneHot"/>.</summary>
    public CategoryEncoding Categories { get; init; } = CategoryEncoding.OneHot;

    /// <summary>Gets the seed of the mixture initialisation and subsample. Default 0.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxModes, 1, nameof(MaxModes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFitValues, 10, nameof(MaxFitValues));
        if (!(PruneBelow is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PruneBelow), PruneBelow, "PruneBelow must be in [0, 1).");
        }
    }
}
