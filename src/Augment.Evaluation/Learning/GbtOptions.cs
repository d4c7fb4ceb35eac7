namespace Augment.Evaluation.Learning;

/// <summary>Settings of the histogram gradient-boosted trees (defaults in the spirit of LightGBM's).</summary>
internal sealed record GbtOptions
{
    /// <summary>Boosting rounds at most (300).</summary>
    public int MaxRounds { get; init; } = 300;

    /// <summary>Shrinkage of each tree (0.1).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Leaves per tree at most (31).</summary>
    public int MaxLeaves { get; init; } = 31;

    /// <summary>Depth at most (8).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Rows per leaf at least (20).</summary>
    public int MinLeafRows { get; init; } = 20;

    /// <summary>Hessian sum per leaf at least (1e-3).</summary>
    public double MinHessian { get; init; } = 1e-3;

    /// <summary>L2 penalty on leaf values (1).</summary>
    public double Lambda { get; init; } = 1;

    /// <summary>Whether to stop early and keep the best validation round (true); false trains exactly <see cref="MaxRounds"/>.</summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary>Stop when the validation log-loss has not improved for this many rounds (20).</summary>
    public int EarlyStoppingRounds { get; init; } = 20;
}
