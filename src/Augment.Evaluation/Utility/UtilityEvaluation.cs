using System.Globalization;
using Augment.Data;
using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation;

/// <summary>
/// Downstream utility on the real holdout, which no arm trains on. Arms change only the real fit part:
/// <c>real-only</c>, <c>class-weights</c> (balanced), <c>random-oversampling</c>, <c>smote-nc</c>, <c>augmented</c>
/// (fit part + synthetic rows) and <c>tstr</c> (synthetic rows only; only when they hold every training class). Each arm
/// is LightGBM, trained in <c>repetitions</c> repetitions of stratified subsamples × learner seeds
/// (<see cref="UtilityArms"/>); a logistic regression on the real rows is scored once beside them. Verdicts per metric
/// from a paired two-level bootstrap (<see cref="RepeatedBootstrap"/>), and a recommendation
/// (<see cref="UtilityRecommender"/>).
/// </summary>
public static class UtilityEvaluation
{
    /// <summary>The default margin of practical equivalence on ROC AUC and PR AUC (0.005; twice that on minority F1).</summary>
    public const double DefaultMargin = 0.005;

    /// <summary>The default number of repetitions (5).</summary>
    public const int DefaultRepetitions = 5;

    /// <summary>Below this share of the training rows the least frequent class makes the target imbalanced (0.20):
    /// the verdicts then also judge PR AUC and minority F1.</summary>
    public const double ImbalancedShare = 0.20;

    /// <summary>Chance's ROC AUC: a baseline whose bootstrapped 95% CI reaches it gets no verdict against it.</summary>
    public const double ChanceAuc = 0.5;

    internal const string RocAuc = "roc_auc";
    internal const string PrAuc = "pr_auc";
    internal const string MinorityF1 = "minority_f1";

    /// <summary>Evaluates utility.</summary>
    /// <param name="train">Real training rows.</param>
    /// <param name="holdout">Real holdout rows (the test set).</param>
    /// <param name="synthetic">Synthetic rows.</param>
    /// <param name="schema">The training rows' schema.</param>
    /// <param name="target">The class column (2 or more classes).</param>
    /// <param name="seed">Seed of the subsamples, resampling, learners and bootstrap.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="margin">ROC AUC and PR AUC margin of practical equivalence of the verdicts (twice it on minority F1).</param>
    /// <param name="repetitions">Repetitions (stratified subsamples × learner seeds), at least 1.</param>
    /// <param name="metrics">The metrics the verdicts judge (<c>roc_auc</c>, <c>pr_auc</c>, <c>minority_f1</c>); null: by the
    /// task (ROC AUC, plus the other two for an imbalanced target).</param>
    /// <exception cref="ArgumentException">The target is missing or has fewer than 2 classes, or a metric is unknown.</exception>
    public static UtilityReport Evaluate(DataTable train, DataTable holdout, DataTable synthetic, DatasetSchema schema, string target, int seed = 42, int resamples = 1000, double margin = DefaultMargin, int repetitions = DefaultRepetitions, IReadOnlyList<string>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
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

        var minority = k - 1; // classes are ordered by training frequency
        var minorityShare = trainY.Count(y => y == minority) / (double)trainY.Length;
        string[] judged = metrics?.ToArray() ?? (minorityShare < ImbalancedShare ? [RocAuc, PrAuc, MinorityF1] : [RocAuc]);
        var unknown = judged.Length == 0 ? "(none)" : judged.FirstOrDefault(m => m is not (RocAuc or PrAuc or MinorityF1));
        if (unknown is not null)
        {
            throw new ArgumentException($"Unknown utility metric '{unknown}' (known: {RocAuc}, {PrAuc}, {MinorityF1}).", nameof(metrics));
        }

        var skipped = new List<SkippedArm>();
        var missing = classNames.Where((_, c) => !synY.Contains(c)).ToArray();
        if (synY.Length == 0)
        {
            skipped.Add(new SkippedArm("augmented", "there are no synthetic rows with a class seen in training."));
            skipped.Add(new SkippedArm("tstr", "there are no synthetic rows with a class seen in training."));
        }
        else if (missing.Length > 0)
        {
            // A model that never saw a class cannot rank it: its AUC would read as a result.
            skipped.Add(new SkippedArm("tstr", $"the synthetic rows hold no '{string.Join("', '", missing)}' row, so a model trained on them alone cannot tell every class apart."));
        }

        var fits = new UtilityArms(trainX, trainY, synX, synY, testX, k, tstr: missing.Length == 0).Run(repetitions, seed);
        var byArm = UtilityArms.Names.Where(a => fits.Any(f => f.Arm == a))
            .ToDictionary(a => a, a => fits.Where(f => f.Arm == a).OrderBy(f => f.Repetition).ToArray());
        var scorers = byArm.ToDictionary(p => p.Key, p => p.Value.Select(f => new HoldoutScorer(f.Proba, testY, k, minority)).ToArray());
        var bootstrap = RepeatedBootstrap.Draw(scorers, judged.Contains(RocAuc) ? judged : [.. judged, RocAuc], testY.Length, resamples, seed + 3);
        var arms = byArm.Select(p => Average(p.Value.Select(f => Score(p.Key, "gbt", f.TrainRows, f.Proba, testY, classNames, minority)).ToArray())).ToList();
        var logistic = LogisticRegression.Fit(DesignMatrix.Build(codec, trainX), trainY, k, maxIterations: 100);
        arms.Add(Score("real-only", "logistic", trainY.Length, logistic.PredictProba(DesignMatrix.Build(codec, testX)), testY, classNames, minority));

        var verdicts = Verdicts(arms, bootstrap, judged, skipped, margin, repetitions);
        var warnings = new List<string>();
        var realOnly = arms[0];
        var realLower = bootstrap.LowerBound("real-only", RocAuc);
        if (!(realLower > ChanceAuc))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"The real-only gradient-boosted model is no better than chance on the holdout (ROC AUC {realOnly.RocAuc:0.000}, 95% CI from {realLower:0.000}; logistic regression {arms[^1].RocAuc:0.000}): '{target}' may not be predictable from the other columns, the holdout may be too small ({testY.Length:N0} rows), or the columns may need cleaning. No verdict is given against a baseline at chance."));
        }

        return new UtilityReport(target, classNames[minority], testY.Length, arms, verdicts)
        {
            Skipped = skipped,
            Warnings = warnings,
            Metrics = judged,
            MinorityShare = minorityShare,
            Repetitions = repetitions,
            Recommendation = UtilityRecommender.Recommend(verdicts, judged),
        };
    }

    /// <summary>
    /// Per metric: augmented vs real-only, then vs the rebalancers from the best mean score down; then each other arm
    /// vs real-only. Not applicable against a baseline at chance, or for a skipped arm (with its reason).
    /// </summary>
    private static List<UtilityVerdict> Verdicts(List<ClassifierScores> arms, RepeatedBootstrap bootstrap, string[] metrics, List<SkippedArm> skipped, double margin, int repetitions)
    {
        var gbt = arms.Where(a => a.Model == "gbt").ToDictionary(a => a.Arm);
        var verdicts = new List<UtilityVerdict>();
        UtilityVerdict Compare(string arm, string baseline, string metric)
        {
            var m = MetricMargin(metric, margin);
            var verdict = bootstrap.Compare(arm, baseline, metric, Value(gbt[arm], metric) - Value(gbt[baseline], metric), m, repetitions);
            return Checked(verdict, gbt[baseline], bootstrap.LowerBound(baseline, RocAuc), m);
        }

        string[] rebalancers = ["class-weights", "random-oversampling", "smote-nc"];
        if (gbt.ContainsKey("augmented"))
        {
            foreach (var metric in metrics)
            {
                foreach (var baseline in rebalancers.OrderByDescending(b => Value(gbt[b], metric)).Prepend("real-only"))
                {
                    verdicts.Add(Compare("augmented", baseline, metric));
                }
            }
        }

        foreach (var metric in metrics)
        {
            foreach (var arm in rebalancers.Append("tstr"))
            {
                if (gbt.ContainsKey(arm))
                {
                    verdicts.Add(Compare(arm, "real-only", metric));
                }
                else if (skipped.FirstOrDefault(s => s.Arm == arm) is { } skip)
                {
                    verdicts.Add(new UtilityVerdict(UtilityVerdict.NotApplicable, metric, arm, "real-only", double.NaN, double.NaN, double.NaN, 0, MetricMargin(metric, margin))
                    {
                        Repetitions = repetitions,
                        Note = skip.Reason,
                    });
                }
            }
        }

        return verdicts;
    }

    /// <summary>The margin of practical equivalence of a metric: <paramref name="margin"/> on AUCs, twice it on minority F1
    /// (a thresholded score moves more between fits).</summary>
    internal static double MetricMargin(string metric, double margin) => metric == MinorityF1 ? 2 * margin : margin;

    internal static double Value(ClassifierScores scores, string metric) => metric switch
    {
        RocAuc => scores.RocAuc,
        PrAuc => scores.PrAuc,
        MinorityF1 => scores.MinorityF1,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

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
                Note = string.Create(CultureInfo.InvariantCulture, $"{(worse ? "slightly worse" : "slightly better")}: the 95% CI [{verdict.Lower:0.0000}, {verdict.Upper:0.0000}] lies wholly {(worse ? "below" : "above")} zero {where} the ±{margin:0.000} margin of practical equivalence{(worse ? "; not recommended" : "")}."),
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

    /// <summary>The mean of each score over the repetitions (per-class F1 and recall too).</summary>
    private static ClassifierScores Average(ClassifierScores[] runs)
    {
        var first = runs[0];
        var classes = first.Classes.Select((c, i) => c with
        {
            F1 = runs.Average(r => r.Classes[i].F1),
            Recall = runs.Average(r => r.Classes[i].Recall),
        }).ToArray();
        return first with
        {
            Accuracy = runs.Average(r => r.Accuracy),
            RocAuc = runs.Average(r => r.RocAuc),
            PrAuc = runs.Average(r => r.PrAuc),
            MacroF1 = runs.Average(r => r.MacroF1),
            MinorityRecall = runs.Average(r => r.MinorityRecall),
            MinorityF1 = runs.Average(r => r.MinorityF1),
            Classes = classes,
            Repetitions = runs.Length,
        };
    }

    internal static ClassifierScores Score(string arm, string model, int trainRows, double[] proba, int[] truth, string[] classes, int minority)
    {
        var k = classes.Length;
        var predicted = truth.Select((_, i) => HoldoutScorer.ArgMax(proba.AsSpan(i * k, k))).ToArray();
        var accuracy = truth.Where((t, i) => t == predicted[i]).Count() / (double)truth.Length;
        var perClass = classes.Select((name, c) =>
        {
            var support = truth.Count(t => t == c);
            var recall = support == 0 ? 0 : truth.Where((t, i) => t == c && predicted[i] == c).Count() / (double)support;
            return new ClassScore(name, Ranking.F1(truth, predicted, c), recall, support);
        }).ToArray();
        var scorer = new HoldoutScorer(proba, truth, k, minority);
        var ones = Enumerable.Repeat(1.0, truth.Length).ToArray();
        return new ClassifierScores(arm, model, trainRows, accuracy, scorer.Auc(ones), scorer.PrAuc(ones), perClass.Average(c => c.F1), perClass[minority].Recall, perClass)
        {
            MinorityF1 = perClass[minority].F1,
        };
    }
}
