namespace Augment.Synthesis;

/// <summary>How far a training run is: reported after every iteration or epoch.</summary>
/// <param name="Step">Iterations (or epochs) done, 1 or more.</param>
/// <param name="TotalSteps">The most iterations (or epochs) the run will do.</param>
/// <param name="Unit"><c>iteration</c> or <c>epoch</c>.</param>
/// <param name="Loss">The loss after the step (for a mixture: the negative mean log-likelihood per row).</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Eta">Estimated time left (the mean step time × steps left), or null before the first step ends.</param>
/// <param name="Stage">What is being fitted (e.g. the class whose mixture is fitted).</param>
public sealed record TrainingProgress(int Step, int TotalSteps, string Unit, double Loss, TimeSpan Elapsed, TimeSpan? Eta, string Stage);

/// <summary>What a finished training run measured.</summary>
/// <param name="Steps">Iterations (or epochs) done.</param>
/// <param name="Loss">The final loss.</param>
/// <param name="Seconds">Wall time of the fit.</param>
/// <param name="StoppedBy"><c>converged</c>, <c>max-steps</c> or <c>time-budget</c>.</param>
public sealed record TrainingMetrics(int Steps, double Loss, double Seconds, string StoppedBy);

/// <summary>What every generator's training accepts; a model ignores what it has no use for (and says so in its docs).</summary>
public sealed class TrainingOptions
{
    /// <summary>Gets the seed of every random choice in training. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the class column to condition on, or null.</summary>
    public string? Target { get; init; }

    /// <summary>Gets the most epochs (neural models) or EM iterations (mixture); null = the model's default.</summary>
    public int? Epochs { get; init; }

    /// <summary>Gets the minibatch size (neural models); null = the model's default.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Gets the wall-time budget: training stops after the step that passes it; null = none. A run stopped by
    /// the budget depends on the machine's speed, so it is reproducible only where the budget is not reached.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Gets where progress goes after each step, or null.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Gets the time source for elapsed time and the budget. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
