using Augment.Evaluation.Internal;

namespace Augment.Evaluation.Learning;

/// <summary>
/// Histogram gradient-boosted trees for classification: binary log-loss (one tree per round) or softmax (one tree per
/// class per round), per-row weights (class weights), early stopping on a validation set (the best round is kept).
/// No sampling of rows or features: the same data gives the same model.
/// </summary>
internal sealed class GradientBoosting
{
    private readonly HistogramBinner _binner;
    private readonly double[] _initial;
    private readonly List<RegressionTree[]> _rounds;

    private GradientBoosting(int classes, HistogramBinner binner, double[] initial, List<RegressionTree[]> rounds)
    {
        Classes = classes;
        _binner = binner;
        _initial = initial;
        _rounds = rounds;
    }

    public int Classes { get; }

    /// <summary>Rounds kept (the best validation round).</summary>
    public int Rounds => _rounds.Count;

    /// <summary>
    /// Fits on <paramref name="train"/> rows, stopping early on the (optionally weighted) log-loss of the
    /// <paramref name="validation"/> rows.
    /// </summary>
    public static GradientBoosting Fit(TableCodec codec, EncodedTable train, int[] labels, double[] weights, int classes, EncodedTable validation, int[] validationLabels, GbtOptions? options = null, double[]? validationWeights = null)
    {
        options ??= new GbtOptions();
        var all = Enumerable.Range(0, train.Rows).ToArray();
        var binner = HistogramBinner.Fit(codec, train, all);
        var bins = binner.Transform(train);
        var validationBins = binner.Transform(validation);
        var categorical = Enumerable.Range(0, binner.BinCounts.Length).Select(binner.IsCategorical).ToArray();
        var outputs = classes == 2 ? 1 : classes;

        var initial = InitialScores(labels, weights, classes);
        var scores = new double[train.Rows * outputs];
        var validationScores = new double[validation.Rows * outputs];
        for (var i = 0; i < train.Rows; i++)
        {
            initial.CopyTo(scores.AsSpan(i * outputs, outputs));
        }

        for (var i = 0; i < validation.Rows; i++)
        {
            initial.CopyTo(validationScores.AsSpan(i * outputs, outputs));
        }

        var rounds = new List<RegressionTree[]>();
        var grad = new double[train.Rows];
        var hess = new double[train.Rows];
        var probabilities = new double[outputs];
        var bestLoss = double.PositiveInfinity;
        var bestRound = 0;
        for (var round = 0; round < options.MaxRounds; round++)
        {
            var trees = new RegressionTree[outputs];
            var snapshot = (double[])scores.Clone();
            for (var k = 0; k < outputs; k++)
            {
                for (var i = 0; i < train.Rows; i++)
                {
                    Probabilities(snapshot.AsSpan(i * outputs, outputs), probabilities);
                    var target = classes == 2 ? (labels[i] == 1 ? 1.0 : 0.0) : (labels[i] == k ? 1.0 : 0.0);
                    var p = probabilities[k];
                    grad[i] = weights[i] * (p - target);
                    hess[i] = weights[i] * Math.Max(p * (1 - p), 1e-6);
                }

                trees[k] = RegressionTree.Grow(bins, binner.BinCounts, categorical, grad, hess, all, options, scores, outputs, k);
                for (var i = 0; i < validation.Rows; i++)
                {
                    validationScores[(i * outputs) + k] += trees[k].Predict(validationBins, i);
                }
            }

            rounds.Add(trees);
            if (!options.EarlyStopping)
            {
                continue;
            }

            var loss = LogLoss(validationScores, validationLabels, validationWeights, outputs);
            if (loss < bestLoss - 1e-9)
            {
                bestLoss = loss;
                bestRound = round + 1;
            }
            else if (round + 1 - bestRound >= options.EarlyStoppingRounds)
            {
                break;
            }
        }

        if (options.EarlyStopping)
        {
            rounds.RemoveRange(bestRound, rounds.Count - bestRound);
        }

        return new GradientBoosting(classes, binner, initial, rounds);
    }

    /// <summary>Class probabilities, <c>[row * Classes + class]</c>.</summary>
    public double[] PredictProba(EncodedTable table)
    {
        var bins = _binner.Transform(table);
        var outputs = _initial.Length;
        var result = new double[table.Rows * Classes];
        Span<double> score = stackalloc double[outputs];
        Span<double> p = stackalloc double[outputs];
        for (var i = 0; i < table.Rows; i++)
        {
            _initial.CopyTo(score);
            foreach (var trees in _rounds)
            {
                for (var k = 0; k < outputs; k++)
                {
                    score[k] += trees[k].Predict(bins, i);
                }
            }

            Probabilities(score, p);
            if (Classes == 2)
            {
                result[2 * i] = 1 - p[0];
                result[(2 * i) + 1] = p[0];
            }
            else
            {
                p.CopyTo(result.AsSpan(i * Classes, Classes));
            }
        }

        return result;
    }

    private static double[] InitialScores(int[] labels, double[] weights, int classes)
    {
        var totals = new double[classes];
        for (var i = 0; i < labels.Length; i++)
        {
            totals[labels[i]] += weights[i];
        }

        var sum = totals.Sum();
        var prior = totals.Select(t => Math.Clamp(t / sum, 1e-6, 1 - 1e-6)).ToArray();
        return classes == 2 ? [Math.Log(prior[1] / prior[0])] : prior.Select(v => Math.Log(v)).ToArray();
    }

    /// <summary>Sigmoid of one score (binary) or softmax of several.</summary>
    private static void Probabilities(ReadOnlySpan<double> score, Span<double> p)
    {
        if (score.Length == 1)
        {
            p[0] = LogisticRegression.Sigmoid(score[0]);
            return;
        }

        var max = double.NegativeInfinity;
        foreach (var s in score)
        {
            max = Math.Max(max, s);
        }

        double sum = 0;
        for (var k = 0; k < score.Length; k++)
        {
            p[k] = Math.Exp(score[k] - max);
            sum += p[k];
        }

        for (var k = 0; k < score.Length; k++)
        {
            p[k] /= sum;
        }
    }

    private static double LogLoss(double[] scores, int[] labels, double[]? weights, int outputs)
    {
        double loss = 0, total = 0;
        Span<double> p = stackalloc double[outputs];
        for (var i = 0; i < labels.Length; i++)
        {
            Probabilities(scores.AsSpan(i * outputs, outputs), p);
            var q = outputs == 1 ? (labels[i] == 1 ? p[0] : 1 - p[0]) : p[labels[i]];
            var w = weights?[i] ?? 1;
            loss -= w * Math.Log(Math.Max(q, 1e-15));
            total += w;
        }

        return loss / Math.Max(1e-12, total);
    }
}
