namespace Augment.Synthesis.Mixture;

/// <summary>Options of <see cref="LatentMixtureGenerator.Fit"/>. Each default is stated; all are validated.</summary>
public sealed class MixtureOptions
{
    /// <summary>Gets the default options.</summary>
    public static MixtureOptions Default { get; } = new();

    /// <summary>Gets the training rows per component: a class with n rows gets <c>clamp(n / RowsPerComponent, 1,
    /// MaxComponents)</c> components. Default 100 (Adult: about 300 components for the majority class).</summary>
    public int RowsPerComponent { get; init; } = 100;

    /// <summary>Gets the most components of one class's mixture. Default 400.</summary>
    public int MaxComponents { get; init; } = 400;

    /// <summary>Gets the most value bins of a numeric column (fewer for small data: about n / 50). Default 40.</summary>
    public int MaxBins { get; init; } = 40;

    /// <summary>Gets the Dirichlet smoothing toward the column marginals, in rows. Default 1.</summary>
    public double Smoothing { get; init; } = 1.0;

    /// <summary>Gets the most EM iterations per class when the training options name no epochs. Default 60.</summary>
    public int MaxIterations { get; init; } = 60;

    /// <summary>Gets the convergence threshold: EM stops when the mean log-likelihood per row rises by less. Default 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RowsPerComponent, 1, nameof(RowsPerComponent));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxComponents, 1, nameof(MaxComponents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBins, 2, nameof(MaxBins));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        if (!(Smoothing > 0) || !double.IsFinite(Smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(Smoothing), Smoothing, "Smoothing must be a positive number.");
        }

        if (!(Tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be zero or more.");
        }
    }
}
