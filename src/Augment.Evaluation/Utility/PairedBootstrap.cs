using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Paired bootstrap of a ROC AUC difference: the holdout rows are resampled with replacement (seeded) and both
/// classifiers are scored on the same resample; the 2.5th and 97.5th percentiles of the differences form the CI.
/// The verdict needs the whole CI beyond a margin of practical equivalence (±<c>margin</c>): the CI covers only the
/// test rows' sampling, not the training's own variability (duplicating real rows alone moves a GBT's AUC by a few
/// thousandths), so smaller differences are reported as "no effect".
/// </summary>
internal static class PairedBootstrap
{
    public static UtilityVerdict Compare(string arm, string baseline, double[] armProba, double[] baselineProba, int[] truth, int classes, int resamples, int seed, double margin)
    {
        var a = new Scorer(armProba, truth, classes);
        var b = new Scorer(baselineProba, truth, classes);
        var ones = Enumerable.Repeat(1.0, truth.Length).ToArray();
        var difference = a.Auc(ones) - b.Auc(ones);
        var finite = Resample(truth.Length, resamples, seed, counts => a.Auc(counts) - b.Auc(counts));
        var lower = Stats.Quantile(finite, 0.025);
        var upper = Stats.Quantile(finite, 0.975);
        var verdict = lower > margin ? "helped" : upper < -margin ? "hurt" : "no effect";
        return new UtilityVerdict(verdict, "roc_auc", arm, baseline, difference, lower, upper, resamples, margin);
    }

    /// <summary>The 2.5th percentile of one classifier's bootstrapped ROC AUC on the holdout (seeded).</summary>
    public static double AucLowerBound(double[] proba, int[] truth, int classes, int resamples, int seed)
    {
        var scorer = new Scorer(proba, truth, classes);
        var finite = Resample(truth.Length, resamples, seed, scorer.Auc);
        return finite.Length == 0 ? double.NaN : Stats.Quantile(finite, 0.025);
    }

    /// <summary>
    /// <paramref name="statistic"/> on <paramref name="resamples"/> seeded bootstrap resamples of <paramref name="rows"/>
    /// rows (each given as per-row multiplicities), the finite values sorted.
    /// </summary>
    private static double[] Resample(int rows, int resamples, int seed, Func<double[], double> statistic)
    {
        var rng = new SplitMix(seed);
        var counts = new double[rows];
        var values = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (var i = 0; i < rows; i++)
            {
                counts[rng.NextInt(rows)]++;
            }

            values[r] = statistic(counts);
        }

        var finite = values.Where(double.IsFinite).ToArray();
        Array.Sort(finite);
        return finite;
    }

    /// <summary>ROC AUC (binary: class 1's score; else the mean one-vs-rest AUC) with per-row multiplicities.</summary>
    internal sealed class Scorer
    {
        private readonly int _classes;
        private readonly double[][] _scores;
        private readonly bool[][] _positive;
        private readonly int[][] _orders;

        public Scorer(double[] proba, int[] truth, int classes)
        {
            _classes = classes;
            var curves = classes == 2 ? 1 : classes;
            _scores = new double[curves][];
            _positive = new bool[curves][];
            _orders = new int[curves][];
            for (var c = 0; c < curves; c++)
            {
                var label = classes == 2 ? 1 : c;
                _scores[c] = truth.Select((_, i) => proba[(i * classes) + label]).ToArray();
                _positive[c] = truth.Select(t => t == label).ToArray();
                _orders[c] = Ranking.Order(_scores[c]);
            }
        }

        public double Auc(double[] weights)
        {
            double sum = 0;
            var n = 0;
            for (var c = 0; c < _scores.Length; c++)
            {
                var auc = Ranking.Auc(_orders[c], _scores[c], _positive[c], weights);
                if (!double.IsNaN(auc))
                {
                    sum += auc;
                    n++;
                }
            }

            return n == 0 ? double.NaN : sum / n;
        }
    }
}
