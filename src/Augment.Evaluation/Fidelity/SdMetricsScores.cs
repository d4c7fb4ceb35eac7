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
