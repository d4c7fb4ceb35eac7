namespace Augment.Synthesis;

/// <summary>Options of <see cref="GaussianCopulaGenerator.Fit"/>.</summary>
public sealed class GaussianCopulaOptions
{
    /// <summary>Gets the default options.</summary>
    public static GaussianCopulaOptions Default { get; } = new();

    /// <summary>
    /// Gets how many intervals the stored empirical quantile function of a numeric column has (it keeps
    /// <c>min(QuantileCount, n - 1) + 1</c> quantiles, min and max included). Default 1,000: the sampled CDF is within
    /// 0.1% of the training CDF and the model file stays small and holds no training row verbatim.
    /// </summary>
    public int QuantileCount { get; init; } = 1000;

    /// <summary>Gets the seed of the draws that place tied values and categories inside their intervals. Default 0.</summary>
    public int Seed { get; init; }

    internal void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(QuantileCount, 1, nameof(QuantileCount));
}
