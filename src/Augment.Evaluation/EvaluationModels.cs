using Augment.Data;

namespace Augment.Evaluation;

/// <summary>What to evaluate: the real training and holdout rows, the synthetic rows and the schema of the training rows.</summary>
/// <param name="Train">Real training split (the reference of privacy, utility and bias; the rows fidelity compares with
/// unless <paramref name="Fitted"/> is given).</param>
/// <param name="Holdout">Real rows the generator never saw (the test set of utility, the reference of privacy).</param>
/// <param name="Synthetic">Synthetic rows (same column names).</param>
/// <param name="Schema">The schema of <paramref name="Train"/>.</param>
/// <param name="Target">The class column (utility and base rates need it).</param>
/// <param name="Sensitive">Columns audited for bias.</param>
/// <param name="Fitted">The real rows the generator was actually fitted on when that is a sample of
/// <paramref name="Train"/> (e.g. a stratified fit set); fidelity "vs train" compares with these.</param>
public sealed record EvaluationInput(DataTable Train, DataTable Holdout, DataTable Synthetic, DatasetSchema Schema, string? Target = null, IReadOnlyList<string>? Sensitive = null,
    DataTable? Fitted = null);

/// <summary>Settings of <see cref="Evaluator"/>; every default is stated.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Gets the seed of every sample, fold and resample (42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the folds of the detection classifier (3, as SDMetrics).</summary>
    public int DetectionFolds { get; init; } = 3;

    /// <summary>Gets the rows per side the detection classifier samples at most (20,000).</summary>
    public int DetectionMaxRows { get; init; } = 20_000;

    /// <summary>Gets the bootstrap resamples of the utility verdicts (1,000).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Gets the ROC AUC margin within which a utility difference counts as no effect (0.005).</summary>
    public double UtilityMargin { get; init; } = UtilityEvaluation.DefaultMargin;

    /// <summary>Gets the amplification threshold of the bias audit (0.05).</summary>
    public double AmplificationThreshold { get; init; } = 0.05;

    /// <summary>Gets whether to run the utility evaluation when there is a target (true; it trains ~8 classifiers).</summary>
    public bool Utility { get; init; } = true;

    /// <summary>Gets the most synthetic and holdout rows the privacy metrics search neighbours for, each sampled with
    /// the seed (no limit).</summary>
    public int PrivacyMaxRows { get; init; } = int.MaxValue;

    /// <summary>Gets the most training rows the utility classifiers fit on; the synthetic rows are sampled in the same
    /// ratio (no limit).</summary>
    public int UtilityMaxTrainRows { get; init; } = int.MaxValue;

    /// <summary>Gets the most holdout rows the utility classifiers are scored on, sampled with the seed (no limit). The
    /// paired bootstrap resamples these rows a thousand times per verdict, so its cost grows with them: at 200,000
    /// holdout rows it took most of a 1M-row run's Evaluate stage, for intervals already far narrower than the margin.</summary>
    public int UtilityMaxHoldoutRows { get; init; } = int.MaxValue;

    /// <summary>Gets whether to add a gradient-boosted (LightGBM) detection AUC beside SDMetrics' logistic one, on the
    /// unconditional comparison with the holdout (true).</summary>
    public bool GradientBoostedDetection { get; init; } = true;

    /// <summary>Gets whether to add per-class fidelity comparisons when there is a target (true).</summary>
    public bool PerClassFidelity { get; init; } = true;
}

/// <summary>Seconds spent on one part of an evaluation.</summary>
/// <param name="Wall">Wall-clock seconds.</param>
/// <param name="Cpu">CPU seconds of the whole process over the same span (all threads; independent of other load).</param>
public sealed record PartTiming(double Wall, double Cpu);

/// <summary>Seconds of each part of an evaluation.</summary>
/// <param name="Fidelity">Shapes, trends, α/β, detection, validity.</param>
/// <param name="Privacy">DCR metrics.</param>
/// <param name="Utility">Utility arms and verdicts (0 when skipped).</param>
/// <param name="Bias">Bias audit.</param>
public sealed record EvaluationTimings(PartTiming Fidelity, PartTiming Privacy, PartTiming Utility, PartTiming Bias)
{
    /// <summary>Gets the total wall-clock seconds.</summary>
    public double Total => Fidelity.Wall + Privacy.Wall + Utility.Wall + Bias.Wall;

    /// <summary>Gets the total CPU seconds.</summary>
    public double TotalCpu => Fidelity.Cpu + Privacy.Cpu + Utility.Cpu + Bias.Cpu;
}

/// <summary>Every metric of one evaluation.</summary>
/// <param name="Fidelity">Fidelity metrics (all synthetic rows vs the real rows the model was fitted on, every column).</param>
/// <param name="Privacy">Privacy metrics.</param>
/// <param name="Utility">Utility (null without a target or when switched off).</param>
/// <param name="Bias">Bias audit (null without sensitive columns).</param>
/// <param name="Timings">Seconds per part.</param>
/// <param name="Comparisons">SDMetrics' headline numbers and every labelled fidelity comparison (vs train, vs holdout,
/// unconditional and per class).</param>
/// <param name="Notes">Sentences about how the evaluation was done (samples, skipped parts).</param>
public sealed record EvaluationReport(FidelityReport Fidelity, PrivacyReport Privacy, UtilityReport? Utility, BiasReport? Bias, EvaluationTimings Timings,
    FidelitySummary Comparisons, IReadOnlyList<string> Notes);
