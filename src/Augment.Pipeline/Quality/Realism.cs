using Augment.Evaluation;

namespace Augment.Pipeline.Quality;

/// <summary>The realism scorer the pipeline uses: the detection classifier of Augment.Evaluation (logistic regression,
/// 3 stratified folds); each synthetic row's out-of-fold probability of being real.</summary>
internal static class Realism
{
    /// <summary>Rows per side the detection classifier samples at most; rows left out are not scored (never dropped).</summary>
    public const int MaxRowsPerSide = 20_000;

    /// <summary>The scorer.</summary>
    public static RealnessScorer Scorer { get; } = (real, synthetic, schema, seed) =>
        real.RowCount < 3 || synthetic.RowCount < 3
            ? Enumerable.Repeat(double.NaN, synthetic.RowCount).ToArray()
            : Detection.Evaluate(real, synthetic, schema, seed, 3, MaxRowsPerSide, DetectionFeatures.Standardised).SyntheticRealness;
}
