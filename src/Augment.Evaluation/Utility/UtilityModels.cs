namespace Augment.Evaluation;

/// <summary>One class's F1 and recall on the holdout.</summary>
/// <param name="Class">The class, as its text.</param>
/// <param name="F1">F1 of the class.</param>
/// <param name="Recall">Recall of the class.</param>
/// <param name="HoldoutRows">Holdout rows of the class.</param>
public sealed record ClassScore(string Class, double F1, double Recall, int HoldoutRows);

/// <summary>Holdout scores of one classifier trained one way (an "arm").</summary>
/// <param name="Arm"><c>real-only</c>, <c>class-weights</c>, <c>random-oversampling</c>, <c>smote-nc</c>, <c>augmented</c> or <c>tstr</c>.</param>
/// <param name="Model"><c>gbt</c> (LightGBM gradient-boosted trees) or <c>logistic</c>.</param>
/// <param name="TrainRows">Rows the classifier was fitted on (after resampling or augmentation), in the first repetition.</param>
/// <param name="Accuracy">Share of holdout rows whose most probable class is right.</param>
/// <param name="RocAuc">ROC AUC (binary), or the mean one-vs-rest AUC over classes.</param>
/// <param name="PrAuc">Average precision of the minority class (binary), or the mean over classes.</param>
/// <param name="MacroF1">Mean F1 over classes.</param>
/// <param name="MinorityRecall">Recall of the least frequent training class.</param>
/// <param name="Classes">Per-class F1 and recall.</param>
/// <remarks>For the gradient-boosted arms every score is the mean over the repetitions (see <see cref="Repetitions"/>).</remarks>
public sealed record ClassifierScores(string Arm, string Model, int TrainRows, double Accuracy, double RocAuc, double PrAuc, double MacroF1, double MinorityRecall, IReadOnlyList<ClassScore> Classes)
{
    /// <summary>Gets the repetitions the scores are averaged over (1: one fit).</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Gets the F1 of the least frequent training class (mean over the repetitions).</summary>
    public double MinorityF1 { get; init; }
}

/// <summary>Whether an arm helped against a baseline, from a paired two-level bootstrap (repetitions × holdout rows).</summary>
/// <param name="Verdict"><c>helped</c> (CI above +margin), <c>hurt</c> (CI below −margin), <c>no effect</c>, or
/// <c>not applicable</c> when the baseline itself is no better than chance on the holdout or the arm could not be
/// trained (see <see cref="Note"/>).</param>
/// <param name="Metric">The metric compared: <c>roc_auc</c>, <c>pr_auc</c> or <c>minority_f1</c>.</param>
/// <param name="Arm">The arm tested.</param>
/// <param name="Baseline">The arm it is compared with.</param>
/// <param name="Difference">Metric(arm) − metric(baseline) on the full holdout, mean over the repetitions.</param>
/// <param name="Lower">2.5th percentile of the bootstrap differences.</param>
/// <param name="Upper">97.5th percentile of the bootstrap differences.</param>
/// <param name="Resamples">Bootstrap resamples (each draws the repetitions and the holdout rows with replacement).</param>
/// <param name="Margin">Margin of practical equivalence: differences within ±margin count as no effect.</param>
public sealed record UtilityVerdict(string Verdict, string Metric, string Arm, string Baseline, double Difference, double Lower, double Upper, int Resamples, double Margin)
{
    /// <summary>The verdict when it cannot be given (a baseline no better than chance).</summary>
    public const string NotApplicable = "not applicable";

    /// <summary>Gets the repetitions (stratified subsamples × learner seeds) the difference is averaged over.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Gets what the verdict word alone does not say: a CI wholly on one side of zero but within the margin,
    /// or why no verdict is given; null when the word says it all.</summary>
    public string? Note { get; init; }
}

/// <summary>An arm that was not computed, and why (e.g. TSTR on synthetic rows of one class).</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Reason">One line.</param>
public sealed record SkippedArm(string Arm, string Reason);

/// <summary>The arm a user should ship, and why (see docs/metrics.md, "Recommendation").</summary>
/// <param name="Arm"><c>real-only</c>, <c>class-weights</c>, <c>random-oversampling</c>, <c>smote-nc</c> or <c>augmented</c>.</param>
/// <param name="Reason">One line: the verdicts that decided it.</param>
public sealed record UtilityRecommendation(string Arm, string Reason);

/// <summary>Downstream utility: train-synthetic-test-real and augmented vs real-only against the baselines.</summary>
/// <param name="Target">The class column.</param>
/// <param name="MinorityClass">The least frequent class in the real training rows.</param>
/// <param name="HoldoutRows">Holdout rows scored (rows of a class unseen in training are left out).</param>
/// <param name="Arms">Scores of every arm and model; TSTR among them.</param>
/// <param name="Verdicts">Per metric of <see cref="Metrics"/> (ROC AUC first): augmented vs each baseline, real-only first
/// (the headline), then class-weights, random-oversampling and smote-nc ordered by the metric, best first (on ROC AUC the
/// second entry is vs the best of them); then every other arm (the rebalancers, TSTR) vs real-only, per metric.</param>
public sealed record UtilityReport(string Target, string MinorityClass, int HoldoutRows, IReadOnlyList<ClassifierScores> Arms, IReadOnlyList<UtilityVerdict> Verdicts)
{
    /// <summary>Gets the arms that could not be computed, with the reason (not scored, so nothing reads as a result).</summary>
    public IReadOnlyList<SkippedArm> Skipped { get; init; } = [];

    /// <summary>Gets warnings about the evaluation itself, e.g. a real-data model no better than chance.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets the metrics the verdicts judge: <c>roc_auc</c>, plus <c>pr_auc</c> and <c>minority_f1</c> when the
    /// least frequent training class is below <see cref="UtilityEvaluation.ImbalancedShare"/> of the rows.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = ["roc_auc"];

    /// <summary>Gets the least frequent class's share of the real training rows.</summary>
    public double MinorityShare { get; init; }

    /// <summary>Gets the repetitions each gradient-boosted arm was trained.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>Gets the arm to ship, and why; null when no verdict was computed.</summary>
    public UtilityRecommendation? Recommendation { get; init; }

    /// <summary>Gets the TSTR scores (gradient-boosted trees trained on the synthetic rows only), if computed.</summary>
    public ClassifierScores? Tstr => Arms.FirstOrDefault(a => a.Arm == "tstr");
}
