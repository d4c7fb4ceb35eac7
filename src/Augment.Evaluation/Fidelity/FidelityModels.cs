namespace Augment.Evaluation;

/// <summary>One column's shape score (SDMetrics KSComplement or TVComplement).</summary>
/// <param name="Column">The column name.</param>
/// <param name="Metric"><c>KSComplement</c> (numbers, datetimes) or <c>TVComplement</c> (everything else).</param>
/// <param name="Score">In [0, 1]; 1 = identical marginal distributions.</param>
public sealed record ColumnShape(string Column, string Metric, double Score);

/// <summary>Column shapes: the mean score and the per-column list.</summary>
/// <param name="Score">Mean of <see cref="Columns"/>' scores, in [0, 1]; NaN when there is no column.</param>
/// <param name="Columns">One entry per scored column, in schema order.</param>
public sealed record ShapeReport(double Score, IReadOnlyList<ColumnShape> Columns);

/// <summary>One column pair's trend score.</summary>
/// <param name="ColumnA">The first column (schema order).</param>
/// <param name="ColumnB">The second column.</param>
/// <param name="Metric"><c>CorrelationSimilarity</c> (two numeric columns) or <c>ContingencySimilarity</c>.</param>
/// <param name="Score">In [0, 1]; 1 = the same association; NaN where SDMetrics cannot compute it (a constant column).</param>
/// <param name="RealCorrelation">Pearson correlation in the real rows (numeric pairs only).</param>
/// <param name="SyntheticCorrelation">Pearson correlation in the synthetic rows (numeric pairs only).</param>
/// <param name="RealAssociation">Cramér's V of the real contingency table (contingency pairs, SDMetrics binning only).</param>
/// <param name="Counted">Whether the pair counts towards <see cref="TrendReport.Score"/> (SDMetrics counts only pairs
/// whose real association is strong: |ρ_real| &gt; 0.5 or Cramér's V &gt; 0.3; ours counts every pair).</param>
public sealed record PairTrend(string ColumnA, string ColumnB, string Metric, double Score, double? RealCorrelation, double? SyntheticCorrelation,
    double? RealAssociation = null, bool Counted = true);

/// <summary>Column-pair trends: the mean score and the per-pair list.</summary>
/// <param name="Score">Mean of the counted pair scores, in [0, 1]; NaN when no pair counts (SDMetrics' "Column Pair
/// Trends" for <c>sdmetrics</c>).</param>
/// <param name="AllPairsScore">Mean over every pair with a defined score, counted or not.</param>
/// <param name="Binning"><c>sdmetrics</c> (SDMetrics' Quality Report definition) or <c>real-range-bins</c> (ours); see
/// <see cref="PairBinning"/>.</param>
/// <param name="Pairs">One entry per column pair.</param>
public sealed record TrendReport(double Score, double AllPairsScore, string Binning, IReadOnlyList<PairTrend> Pairs);

/// <summary>α-precision and β-recall (Alaa et al. 2022), integrated over the levels.</summary>
/// <param name="AlphaPrecision">1 − 2·mean |P_α − α|, in [0, 1]; 1 = synthetic rows fill the real α-supports exactly.</param>
/// <param name="BetaRecall">1 − 2·mean |R_β − β|, in [0, 1]; 1 = real rows fill the synthetic β-supports exactly.</param>
/// <param name="Levels">The levels α = β used.</param>
/// <param name="PrecisionCurve">P_α: share of synthetic rows inside the real α-support, per level.</param>
/// <param name="RecallCurve">R_β: share of real rows inside the synthetic β-support, per level.</param>
public sealed record AlphaBetaReport(double AlphaPrecision, double BetaRecall, IReadOnlyList<double> Levels, IReadOnlyList<double> PrecisionCurve, IReadOnlyList<double> RecallCurve);

/// <summary>Real-vs-synthetic detection by a logistic regression with stratified k-fold cross-validation.</summary>
/// <param name="Score">Mean over folds of 1 − (2·max(AUC, 0.5) − 1), in [0, 1]; 1 = indistinguishable.</param>
/// <param name="Auc">Mean fold ROC AUC of telling synthetic from real.</param>
/// <param name="FoldAucs">ROC AUC per fold.</param>
/// <param name="SyntheticRealness">Per synthetic row (input order): out-of-fold probability of being real, in [0, 1];
/// rows left out of the detection sample are NaN.</param>
public sealed record DetectionReport(double Score, double Auc, IReadOnlyList<double> FoldAucs, IReadOnlyList<double> SyntheticRealness);

/// <summary>One column's validity score.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Metric"><c>BoundaryAdherence</c> or <c>CategoryAdherence</c>.</param>
/// <param name="Score">Share of synthetic values that are valid, in [0, 1].</param>
public sealed record ColumnValidity(string Column, string Metric, double Score);

/// <summary>Data validity (SDMetrics BoundaryAdherence and CategoryAdherence).</summary>
/// <param name="Score">Mean of the column scores, in [0, 1].</param>
/// <param name="ValidRowShare">Share of synthetic rows whose every value is valid.</param>
/// <param name="Columns">Per-column scores.</param>
public sealed record ValidityReport(double Score, double ValidRowShare, IReadOnlyList<ColumnValidity> Columns);

/// <summary>Every fidelity metric of the synthetic rows against the real rows the model was fitted on (unconditional).</summary>
/// <param name="Shapes">Column shapes (SDMetrics).</param>
/// <param name="Trends">Column-pair trends (SDMetrics' binning and thresholds).</param>
/// <param name="AlphaBeta">α-precision and β-recall.</param>
/// <param name="Detection">Real-vs-synthetic detection (SDMetrics' LogisticDetection).</param>
/// <param name="Validity">Boundary and category adherence.</param>
/// <param name="NewRowSynthesis">SDMetrics' NewRowSynthesis: share of synthetic rows matching no real row.</param>
/// <param name="TrendsRealRangeBins">Column-pair trends, ours: real-range bins, every pair counted.</param>
public sealed record FidelityReport(ShapeReport Shapes, TrendReport Trends, AlphaBetaReport AlphaBeta, DetectionReport Detection, ValidityReport Validity,
    double NewRowSynthesis, TrendReport TrendsRealRangeBins);

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
    double? DetectionAuc = null)
{
    /// <summary>Gets the out-of-fold ROC AUC of a gradient-boosted (LightGBM) classifier telling these synthetic rows
    /// from these real rows (0.5 = cannot tell): ours, not an SDMetrics metric; trees see interactions and thresholds the
    /// logistic detector misses. Computed on the unconditional comparison with the holdout only (null elsewhere).</summary>
    public double? GbtDetectionAuc { get; init; }
}

/// <summary>Every labelled fidelity comparison of one evaluation.</summary>
/// <param name="Sdmetrics">The headline: SDMetrics' numbers, unconditional, every column, all synthetic rows vs the
/// real rows the model was fitted on.</param>
/// <param name="Compares">What <see cref="Sdmetrics"/> compares, in words.</param>
/// <param name="Comparisons">Unconditional vs train, unconditional vs holdout, then per class vs train and vs holdout.</param>
public sealed record FidelitySummary(SdMetricsScores Sdmetrics, string Compares, IReadOnlyList<FidelityComparison> Comparisons);
