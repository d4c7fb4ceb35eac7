using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// One model's holdout scores with per-row multiplicities (a bootstrap resample): ROC AUC (binary: class 1's score; else
/// the mean one-vs-rest AUC), PR AUC (average precision of the minority class; else the mean over classes) and the
/// minority class's F1 at the most probable class. Orders are sorted once, so each resample costs one pass per curve.
/// </summary>
internal sealed class HoldoutScorer
{
    private readonly double[][] _scores;
    private readonly bool[][] _positive;
    private readonly int[][] _orders;
    private readonly int[] _prCurves;
    private readonly bool[] _trueMinority;
    private readonly bool[] _predictedMinority;

    public HoldoutScorer(double[] proba, int[] truth, int classes, int minority)
    {
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

        // Binary: class 1 is the curve; the minority's PR curve is that one when the minority is class 1, else its mirror.
        _prCurves = classes == 2 ? [0] : Enumerable.Range(0, classes).ToArray();
        MinorityIsNegative = classes == 2 && minority == 0;
        _trueMinority = truth.Select(t => t == minority).ToArray();
        _predictedMinority = truth.Select((_, i) => ArgMax(proba.AsSpan(i * classes, classes)) == minority).ToArray();
    }

    private bool MinorityIsNegative { get; }

    public static int ArgMax(ReadOnlySpan<double> p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return best;
    }

    /// <summary>The metric named as in <see cref="UtilityVerdict.Metric"/>.</summary>
    public double Score(string metric, double[] weights) => metric switch
    {
        UtilityEvaluation.RocAuc => Auc(weights),
        UtilityEvaluation.PrAuc => PrAuc(weights),
        UtilityEvaluation.MinorityF1 => MinorityF1Score(weights),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

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

    public double PrAuc(double[] weights)
    {
        double sum = 0;
        var n = 0;
        foreach (var c in _prCurves)
        {
            var ap = AveragePrecision(_orders[c], _scores[c], _positive[c], weights, MinorityIsNegative);
            if (!double.IsNaN(ap))
            {
                sum += ap;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    public double MinorityF1Score(double[] weights)
    {
        double tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < _trueMinority.Length; i++)
        {
            var w = weights[i];
            if (_trueMinority[i])
            {
                tp += _predictedMinority[i] ? w : 0;
                fn += _predictedMinority[i] ? 0 : w;
            }
            else
            {
                fp += _predictedMinority[i] ? w : 0;
            }
        }

        return tp == 0 ? 0 : 2 * tp / ((2 * tp) + fp + fn);
    }

    /// <summary>
    /// Weighted average precision Σₙ (Rₙ − Rₙ₋₁)·Pₙ over descending thresholds (scikit-learn's definition; equal to
    /// <see cref="Ranking.AveragePrecision"/> with unit weights). <paramref name="negativeClass"/>: the curve of the
    /// rows that are not positive, ranked by ascending score (the binary minority when it is class 0).
    /// </summary>
    internal static double AveragePrecision(int[] order, double[] scores, bool[] positive, double[] weights, bool negativeClass = false)
    {
        double total = 0;
        for (var i = 0; i < order.Length; i++)
        {
            total += positive[i] != negativeClass ? weights[i] : 0;
        }

        if (total <= 0)
        {
            return double.NaN;
        }

        double tp = 0, fp = 0, ap = 0, lastRecall = 0;
        var n = order.Length;
        var at = 0;
        while (at < n)
        {
            var first = scores[order[negativeClass ? at : n - 1 - at]];
            while (at < n && scores[order[negativeClass ? at : n - 1 - at]] == first)
            {
                var row = order[negativeClass ? at : n - 1 - at];
                if (positive[row] != negativeClass)
                {
                    tp += weights[row];
                }
                else
                {
                    fp += weights[row];
                }

                at++;
            }

            if (tp + fp > 0)
            {
                var recall = tp / total;
                ap += (recall - lastRecall) * (tp / (tp + fp));
                lastRecall = recall;
            }
        }

        return ap;
    }
}
