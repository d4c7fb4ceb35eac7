using Augment.Evaluation;

namespace Augment.Pipeline.Reports;

/// <summary>The end-of-run metrics (written to <c>work/{runId}/evaluation.json</c>, then into report.json), computed by
/// <see cref="Evaluator"/>. <see cref="Shapes"/>, <see cref="Trends"/>, <see cref="Detection"/> and the charts compare
/// with the held-out real rows; <see cref="Fidelity"/> holds every labelled comparison, SDMetrics' headline first.</summary>
/// <param name="RealReference">Which real rows <see cref="Shapes"/>, <see cref="Trends"/> and <see cref="Detection"/> compare with: <c>holdout</c>.</param>
/// <param name="HoldoutRows">Held-out real rows used.</param>
/// <param name="SyntheticRows">Synthetic rows evaluated (the kept ones).</param>
/// <param name="Shapes">Column shapes, synthetic vs holdout.</param>
/// <param name="Trends">Column-pair trends, synthetic vs holdout.</param>
/// <param name="Privacy">Distance-to-closest-record metrics.</param>
/// <param name="Detection">Real-vs-synthetic detection (holdout vs synthetic); null when there were too few rows.</param>
/// <param name="Utility">Downstream utility on the holdout; null without a target.</param>
/// <param name="Bias">Bias audit of the augmented rows; null without sensitive columns.</param>
/// <param name="Distributions">Per-column distributions, holdout vs synthetic.</param>
/// <param name="Correlations">Numeric correlation matrices, holdout vs synthetic.</param>
/// <param name="DcrHistogram">DCR histograms of holdout and synthetic rows.</param>
/// <param name="Timings">Seconds per metric family.</param>
/// <param name="Seconds">Seconds for the whole evaluation.</param>
/// <param name="Notes">Sentences about how the evaluation was done (e.g. sampling).</param>
/// <param name="Fidelity">SDMetrics' numbers (unconditional, synthetic vs the rows the model was fitted on) and every
/// labelled comparison; Merge moves it to report.json's root <c>fidelity</c>.</param>
public sealed record RunEvaluation(
    string RealReference,
    int HoldoutRows,
    int SyntheticRows,
    ShapeReport Shapes,
    TrendReport Trends,
    PrivacySummary? Privacy,
    DetectionSummary? Detection,
    UtilityReport? Utility,
    BiasReport? Bias,
    IReadOnlyList<ColumnDistribution> Distributions,
    CorrelationMatrices Correlations,
    DcrHistogram? DcrHistogram,
    IReadOnlyList<MetricTiming> Timings,
    double Seconds,
    IReadOnlyList<string> Notes,
    FidelitySummary? Fidelity = null);

/// <summary>The privacy metrics without the per-row distances (see <see cref="PrivacyReport"/> for definitions).</summary>
public sealed record PrivacySummary(
    double ShareCloserToTrain,
    double HoldoutP2,
    double ShareBelowHoldoutP2,
    double ExactCopyShare,
    double HoldoutExactCopyShare,
    double MedianDcr,
    double MedianHoldoutDcr,
    double MeanNndr,
    double HoldoutMeanNndr)
{
    /// <summary>Copies the scalar fields of <paramref name="report"/>.</summary>
    public static PrivacySummary From(PrivacyReport report) => new(
        report.ShareCloserToTrain, report.HoldoutP2, report.ShareBelowHoldoutP2, report.ExactCopyShare, report.HoldoutExactCopyShare,
        report.MedianDcr, report.MedianHoldoutDcr, report.MeanNndr, report.HoldoutMeanNndr);
}

/// <summary>How long one metric family took.</summary>
public sealed record MetricTiming(string Metric, double Seconds);

/// <summary>The detection metric without the per-row scores (see <see cref="DetectionReport"/>).</summary>
/// <param name="Score">1 − (2·max(AUC, 0.5) − 1), in [0, 1]; 1 = indistinguishable.</param>
/// <param name="Auc">Mean fold ROC AUC of telling synthetic from real (NaN where only the score is kept).</param>
public sealed record DetectionSummary(double Score, double Auc);
