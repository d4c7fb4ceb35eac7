using System.Text.Json.Serialization;

namespace Augment.Evaluation;

/// <summary>
/// SDMetrics' own numbers (v0.29, checked against SDMetrics itself by the Golden tests) of synthetic rows against one
/// set of real rows: the single-table QualityReport's score and its two properties, LogisticDetection and
/// NewRowSynthesis. JSON names are SDMetrics' snake_case so they can be compared with its output field by field.
/// </summary>
/// <param name="Quality">QualityReport score: mean of the two properties (NaN ones left out).</param>
/// <param name="ColumnShapes">"Column Shapes": mean KSComplement / TVComplement over the columns.</param>
/// <param name="ColumnPairTrends">"Column Pair Trends": mean over the pairs whose real association is strong (|ρ| &gt;
/// 0.5, Cramér's V &gt; 0.3); NaN when no pair qualifies.</param>
/// <param name="ColumnPairTrendsAllPairs">Not an SDMetrics number: the same pair scores averaged over every pair (the
/// definition before SDMetrics 0.28 added the thresholds).</param>
/// <param name="LogisticDetection">LogisticDetection (null where it was not computed, e.g. per class).</param>
/// <param name="NewRowSynthesis">NewRowSynthesis (null where it was not computed).</param>
public sealed record SdMetricsScores(
    [property: JsonPropertyName("quality")] double Quality,
    [property: JsonPropertyName("column_shapes")] double ColumnShapes,
    [property: JsonPropertyName("column_pair_trends")] double ColumnPairTrends,
    [property: JsonPropertyName("column_pair_trends_all_pairs")] double ColumnPairTrendsAllPairs,
    [property: JsonPropertyName("logistic_detection")] double? LogisticDetection,
    [property: JsonPropertyName("new_row_synthesis")] double? NewRowSynthesis)
{
    /// <summary>SDMetrics' overall QualityReport score: <c>np.nanmean</c> of the property scores.</summary>
    /// <param name="columnShapes">The Column Shapes score.</param>
    /// <param name="columnPairTrends">The Column Pair Trends score.</param>
    public static double QualityScore(double columnShapes, double columnPairTrends) => Internal.Stats.MeanOfDefined([columnShapes, columnPairTrends]);

    /// <summary>The scores of one shapes/trends pair (and detection, new rows where computed).</summary>
    /// <param name="shapes">Column shapes.</param>
    /// <param name="trends">Column-pair trends with SDMetrics' binning.</param>
    /// <param name="logisticDetection">LogisticDetection, or null.</param>
    /// <param name="newRowSynthesis">NewRowSynthesis, or null.</param>
    public static SdMetricsScores From(ShapeReport shapes, TrendReport trends, double? logisticDetection, double? newRowSynthesis)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(trends);
        return new(QualityScore(shapes.Score, trends.Score), shapes.Score, trends.Score, trends.AllPairsScore, logisticDetection, newRowSynthesis);
    }
}

/// <summary>Fidelity of the synthetic rows against one set of real rows, labelled with what it compares.</summary>
/// <param name="Label">What is compared, in words (e.g. "unconditional: all synthetic rows vs the training rows the model was fitted on").</param>
/// <param name="Against"><c>train</c> (the rows the model was fitted on) or <c>holdout</c> (real rows it never saw).</param>
/// <param name="Class">Null for the unconditional comparison; otherwise the target class both sides were cut to.</param>
/// <param name="RealRows">Real rows compared.</param>
/// <param name="SyntheticRows">Synthetic rows compared.</param>
/// <param name="Sdmetrics">SDMetrics' numbers for this comparison.</param>
/// <param name="Shapes">Column shapes per column.</param>
/// <param name="Trends">Column-pair trends, SDMetrics' binning and thresholds.</param>
/// <param name="TrendsRealRangeBins">Column-pair trends, ours: real-range bins, every pair.</param>
/// <param name="DetectionAuc">Mean fold ROC AUC of the logistic detector, where detection was run.</param>
public sealed record FidelityComparison(
    string Label,
    string Against,
    string? Class,
    int RealRows,
    int SyntheticRows,
    SdMetricsScores Sdmetrics,
    ShapeReport Shapes,
    TrendReport Trends,
    TrendReport TrendsRealRangeBins,
    double? DetectionAuc = null);

/// <summary>Every labelled fidelity comparison of one evaluation.</summary>
/// <param name="Sdmetrics">The headline: SDMetrics' numbers, unconditional, every column, all synthetic rows vs the
/// real rows the model was fitted on.</param>
/// <param name="Compares">What <see cref="Sdmetrics"/> compares, in words.</param>
/// <param name="Comparisons">Unconditional vs train, unconditional vs holdout, then per class vs train and vs holdout.</param>
public sealed record FidelitySummary(SdMetricsScores Sdmetrics, string Compares, IReadOnlyList<FidelityComparison> Comparisons);
