using Augment.Data;
using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation;

/// <summary>
/// Real-vs-synthetic detection by gradient-boosted trees (LightGBM, 100 rounds, learning rate 0.1, 31 leaves — the
/// size of synthcity's <c>detection_xgb</c>), beside the logistic <see cref="Detection"/>: trees see interactions and
/// non-linear marginal differences a linear model misses, so this detector is stricter. Same protocol and report as
/// <see cref="Detection"/>: at most <c>maxRowsPerSide</c> seeded rows per side, stratified k-fold, out-of-fold AUC per
/// fold, score = mean over folds of 1 − (2·max(AUC, 0.5) − 1), out-of-fold P(real) per synthetic row. Deterministic
/// (single-threaded seeded fits, folds in parallel).
/// </summary>
public static class GbtDetection
{
    /// <summary>Rounds of each fold's model (100).</summary>
    public const int Rounds = 100;

    /// <summary>Runs the gradient-boosted detection classifier.</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="seed">Seed of the row sample, the folds and the learner.</param>
    /// <param name="folds">Folds (≥ 2).</param>
    /// <param name="maxRowsPerSide">Rows sampled from each side at most.</param>
    /// <exception cref="ArgumentException">Fewer rows than folds on a side.</exception>
    public static DetectionReport Evaluate(DataTable real, DataTable synthetic, DatasetSchema schema, int seed = 42, int folds = 3, int maxRowsPerSide = 20_000)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Detection.RunProtocol(
            real,
            synthetic,
            seed,
            folds,
            maxRowsPerSide,
            parallelFolds: true,
            (realRows, synRows) =>
            {
                var codec = TableCodec.Fit(real, schema);
                return Resampling.Concat(Resampling.Select(codec.Encode(real), realRows), Resampling.Select(codec.Encode(synthetic), synRows));
            },
            (x, trainRows, trainLabels, testRows, fold) =>
            {
                var options = new LightGbmOptions { MaxRounds = Rounds, EarlyStopping = false, Seed = seed + fold };
                using var model = LightGbmClassifier.Fit(Resampling.Select(x, trainRows), trainLabels, null, 2, options);
                var p = model.PredictProba(Resampling.Select(x, testRows));
                return testRows.Select((_, i) => p[(2 * i) + 1]).ToArray();
            });
    }
}
