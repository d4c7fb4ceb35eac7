using System.Globalization;
using Augment.Data;
using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation;

/// <summary>
/// Downstream utility on the real holdout. The real training rows are split (stratified, seeded) into a fit part and a
/// 10 % validation part for early stopping; every arm changes only the fit part: <c>real-only</c>, <c>class-weights</c>
/// (balanced), <c>random-oversampling</c>, <c>smote-nc</c>, <c>augmented</c> (fit part + all synthetic rows), and
/// <c>tstr</c> (synthetic rows only). Each arm trains our histogram GBT; real-only and augmented also a logistic
/// regression. Baselines stop early on the validation part; the augmented GBT trains for the real-only GBT's round count
/// (the generator saw the validation rows, so they could leak through synthetic rows); TSTR stops early on 10 % of the
/// synthetic rows. Verdicts: paired bootstrap CI of the ROC AUC difference of the augmented GBT vs each baseline GBT: real-only first,
/// then the rebalancing baselines from the best holdout AUC down (so the second verdict is the one vs the best of them).
/// </summary>
public static class UtilityEvaluation
{
    /// <summary>The default margin of practical equivalence on ROC AUC (0.005).</summary>
    public const double DefaultMargin = 0.005;

    /// <summary>Evaluates utility.</summary>
    /// <param name="train">Real training rows.</param>
    /// <param name="holdout">Real holdout rows (the test set).</param>
    /// <param name="synthetic">Synthetic rows.</param>
    /// <param name="schema">The training rows' schema.</param>
    /// <param name="target">The class column (2 or more classes).</param>
    /// <param name="seed">Seed of the validation split, resampling and bootstrap.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="margin">ROC AUC margin of practical equivalence of the verdicts.</param>
    /// <exception cref="ArgumentException">The target is missing or has fewer than 2 classes.</exception>
    public static UtilityReport Evaluate(DataTable train, DataTable holdout, DataTable synthetic, DatasetSchema schema, string target, int seed = 42, int resamples = 1000, double margin = DefaultMargin)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Find(target) is null)
        {
            throw new ArgumentException($"The target column '{target}' is not in the schema.", nameof(target));
        }

        var classNames = ClassNames(train, target);
        if (classNames.Length < 2)
        {
            throw new ArgumentException($"The target column '{target}' needs at least 2 classes in the training rows.", nameof(target));
        }

        var k = classNames.Length;
        var codec = TableCodec.Fit(train, schema, [target]);
        var (trainX, trainY) = Labelled(codec, train, target, classNames);
        var (testX, testY) = Labelled(codec, holdout, target, classNames);
        var (synX, synY) = Labelled(codec, synthetic, target, classNames);
        if (testY.Length == 0)
        {
            throw new ArgumentException("No holdout row has a class seen in training.", nameof(holdout));
        }

        var rng = new SplitMix(seed);
        var folds = Detection.StratifiedFolds(trainY, 10, ref rng);
        var fitRows = Enumerable.Range(0, trainY.Length).Where(i => folds[i] != 0).ToArray();
        var valRows = Enumerable.Range(0, trainY.Length).Where(i => folds[i] == 0).ToArray();
        var fitX = Resampling.Select(trainX, fitRows);
        var fitY = fitRows.Select(i => trainY[i]).ToArray();
        var valX = Resampling.Select(trainX, valRows);
        var valY = valRows.Select(i => trainY[i]).ToArray();
        var minority = classNames.Length - 1; // classes are ordered by training frequency

        var arms = new List<(ClassifierScores Scores, double[] Proba)>();
        var realRounds = 0;
        void Gbt(string arm, EncodedTable x, int[] y, double[]? w, EncodedTable vx, int[] vy, GbtOptions? gbt = null, double[]? vw = null)
        {
            var model = GradientBoosting.Fit(codec, x, y, w ?? Ones(y.Length), k, vx, vy, gbt, vw);
            realRounds = arm == "real-only" ? model.Rounds : realRounds;
            var proba = model.PredictProba(testX);
            arms.Add((Score(arm, "gbt", y.Length, proba, testY, classNames, minority), proba));
        }

        void Logistic(string arm, EncodedTable x, int[] y)
        {
            var model = LogisticRegression.Fit(DesignMatrix.Build(codec, x), y, k, maxIterations: 100);
            var proba = model.PredictProba(DesignMatrix.Build(codec, testX));
            arms.Add((Score(arm, "logistic", y.Length, proba, testY, classNames, minority), proba));
        }

        Gbt("real-only", fitX, fitY, null, valX, valY);
        // Whether the real-only model beats chance at all: it decides the warning and the verdict against it (computed once).
        var realOnly = arms[^1];
        var realLower = PairedBootstrap.AucLowerBound(realOnly.Proba, testY, k, resamples, seed + 13);
        // Rebalanced arms optimise a balanced loss, so they stop early on the class-balanced validation loss.
        var balancedVal = BalancedWeights(valY, k);
        Gbt("class-weights", fitX, fitY, BalancedWeights(fitY, k), valX, valY, vw: balancedVal);
        var (rosX, rosY) = Resampling.RandomOversample(fitX, fitY, k, seed + 1);
        Gbt("random-oversampling", rosX, rosY, null, valX, valY, vw: balancedVal);
        var (smoteX, smoteY) = Resampling.SmoteNc(fitX, fitY, k, seed + 2);
        Gbt("smote-nc", smoteX, smoteY, null, valX, valY, vw: balancedVal);
        var verdicts = new List<UtilityVerdict>();
        var skipped = new List<SkippedArm>();
        var warnings = new List<string>();
        if (synY.Length == 0)
        {
            skipped.Add(new SkippedArm("augmented", "there are no synthetic rows with a class seen in training."));
            skipped.Add(new SkippedArm("tstr", "there are no synthetic rows with a class seen in training."));
        }
        else
        {
            // The generator saw the validation rows, so synthetic rows can leak them into training: the augmented model
            // trains for the real-only model's early-stopped round count instead of stopping on that split.
            var fixedRounds = new GbtOptions { MaxRounds = Math.Max(1, realRounds), EarlyStopping = false };
            Gbt("augmented", Resampling.Concat(fitX, synX), [.. fitY, .. synY], null, valX, valY, fixedRounds);
            var synFolds = Detection.StratifiedFolds(synY, 10, ref rng);
            if (synY.Distinct().Count() < 2)
            {
                // A model trained on one class predicts that class everywhere: its AUC of 0.5 would read as a result.
                skipped.Add(new SkippedArm("tstr", $"the synthetic rows hold one class ('{classNames[synY[0]]}'), so a model trained on them alone cannot tell classes apart."));
            }
            else
            {
                var synFit = Enumerable.Range(0, synY.Length).Where(i => synFolds[i] != 0 || synY.Length < 20).ToArray();
                var synVal = Enumerable.Range(0, synY.Length).Where(i => synFolds[i] == 0).ToArray();
                Gbt("tstr", Resampling.Select(synX, synFit), synFit.Select(i => synY[i]).ToArray(), null, Resampling.Select(synX, synVal), synVal.Select(i => synY[i]).ToArray());
            }

            Logistic("augmented", Resampling.Concat(fitX, synX), [.. fitY, .. synY]);

            var augmented = arms.First(a => a.Scores is { Arm: "augmented", Model: "gbt" });
            // Real-only first (the headline), then the rebalancing baselines from the best holdout AUC down.
            var baselines = arms.Where(a => a.Scores.Model == "gbt" && a.Scores.Arm is "class-weights" or "random-oversampling" or "smote-nc")
                .OrderByDescending(a => a.Scores.RocAuc).Prepend(realOnly).ToArray();
            for (var b = 0; b < baselines.Length; b++)
            {
                var baseline = baselines[b];
                var verdict = PairedBootstrap.Compare("augmented", baseline.Scores.Arm, augmented.Proba, baseline.Proba, testY, k, resamples, seed + 3 + b, margin);
                var lower = b == 0 ? realLower : PairedBootstrap.AucLowerBound(baseline.Proba, testY, k, resamples, seed + 13 + b);
                verdicts.Add(Checked(verdict, baseline.Scores, lower, margin));
            }
        }

        Logistic("real-only", fitX, fitY);
        if (!(realLower > ChanceAuc))
        {
            var logistic = arms.First(a => a.Scores is { Arm: "real-only", Model: "logistic" }).Scores;
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"The real-only gradient-boosted model is no better than chance on the holdout (ROC AUC {realOnly.Scores.RocAuc:0.000}, 95% CI from {realLower:0.000}; logistic regression {logistic.RocAuc:0.000}): '{target}' may not be predictable from the other columns, the holdout may be too small ({testY.Length:N0} rows), or the columns may need cleaning. No verdict is given against a baseline at chance."));
        }

        return new UtilityReport(target, classNames[minority], testY.Length, arms.Select(a => a.Scores).ToArray(), verdicts) { Skipped = skipped, Warnings = warnings };
    }

    /// <summary>Chance's ROC AUC: a baseline whose bootstrapped 95% CI reaches it gets no verdict against it.</summary>
    public const double ChanceAuc = 0.5;

    /// <summary>
    /// The verdict as a reader should take it: none against a baseline at chance (the lower end of its bootstrapped AUC CI,
    /// <paramref name="baselineAucLower"/>, at or below 0.5), and "no effect" with a CI wholly below
    /// (or above) zero says so, rather than reading as equal.
    /// </summary>
    internal static UtilityVerdict Checked(UtilityVerdict verdict, ClassifierScores baseline, double baselineAucLower, double margin)
    {
        if (!(baselineAucLower > ChanceAuc))
        {
            return verdict with
            {
                Verdict = UtilityVerdict.NotApplicable,
                Note = string.Create(CultureInfo.InvariantCulture, $"the {baseline.Arm} model is no better than chance on the holdout (ROC AUC {baseline.RocAuc:0.000}, 95% CI from {baselineAucLower:0.000}), so a difference to it means nothing."),
            };
        }

        if (verdict.Verdict == "no effect" && (verdict.Upper < 0 || verdict.Lower > 0))
        {
            var worse = verdict.Upper < 0;
            var inside = verdict.Lower >= -margin && verdict.Upper <= margin;
            var where = inside ? "but within" : "but not wholly beyond";
            return verdict with
            {
                Note = string.Create(CultureInfo.InvariantCulture, $"{(worse ? "slightly worse" : "slightly better")}: the 95% CI [{verdict.Lower:0.0000}, {verdict.Upper:0.0000}] lies wholly {(worse ? "below" : "above")} zero {where} the ±{margin:0.000} margin of practical equivalence."),
            };
        }

        return verdict;
    }

    /// <summary>Training classes, most frequent first (ties by text); missing labels are not a class.</summary>
    private static string[] ClassNames(DataTable train, string target) =>
        train.Column(TableCodec.Require(train, target)).Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();

    /// <summary>Encoded features and labels of the rows whose class is known.</summary>
    private static (EncodedTable X, int[] Y) Labelled(TableCodec codec, DataTable table, string target, string[] classes)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var cells = table.Column(TableCodec.Require(table, target));
        var rows = Enumerable.Range(0, table.RowCount).Where(i => cells[i] is { } v && index.ContainsKey(v)).ToArray();
        var x = Resampling.Select(codec.Encode(table), rows);
        return (x, rows.Select(i => index[cells[i]!]).ToArray());
    }

    private static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

    /// <summary>Balanced class weights n / (k · n_c).</summary>
    internal static double[] BalancedWeights(int[] labels, int classes)
    {
        var counts = new double[classes];
        foreach (var l in labels)
        {
            counts[l]++;
        }

        return labels.Select(l => labels.Length / (classes * counts[l])).ToArray();
    }

    internal static ClassifierScores Score(string arm, string model, int trainRows, double[] proba, int[] truth, string[] classes, int minority)
    {
        var k = classes.Length;
        var predicted = truth.Select((_, i) =>
        {
            var best = 0;
            for (var c = 1; c < k; c++)
            {
                best = proba[(i * k) + c] > proba[(i * k) + best] ? c : best;
            }

            return best;
        }).ToArray();
        var accuracy = truth.Where((t, i) => t == predicted[i]).Count() / (double)truth.Length;
        var perClass = classes.Select((name, c) =>
        {
            var support = truth.Count(t => t == c);
            var recall = support == 0 ? 0 : truth.Where((t, i) => t == c && predicted[i] == c).Count() / (double)support;
            return new ClassScore(name, Ranking.F1(truth, predicted, c), recall, support);
        }).ToArray();
        var scorer = new PairedBootstrap.Scorer(proba, truth, k);
        var auc = scorer.Auc(Ones(truth.Length));
        var curves = k == 2 ? [minority] : Enumerable.Range(0, k).ToArray();
        var prAuc = curves.Select(c => Ranking.AveragePrecision(truth.Select((_, i) => proba[(i * k) + c]).ToArray(), truth.Select(t => t == c).ToArray()))
            .Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();
        return new ClassifierScores(arm, model, trainRows, accuracy, auc, prAuc, perClass.Average(c => c.F1), perClass[minority].Recall, perClass);
    }
}
