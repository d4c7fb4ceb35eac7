namespace Augment.Evaluation.Internal;

/// <summary>Ranking and classification scores: ROC AUC, average precision, F1.</summary>
internal static class Ranking
{
    /// <summary>Row indices ordered by ascending score (stable).</summary>
    public static int[] Order(ReadOnlySpan<double> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>ROC AUC (Mann–Whitney, ties count ½) with per-row multiplicities; NaN when a class is absent.</summary>
    public static double Auc(int[] order, ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, ReadOnlySpan<double> weights)
    {
        double negativesBelow = 0, sum = 0, pos = 0;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            double groupPos = 0, groupNeg = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                var w = weights.IsEmpty ? 1 : weights[order[j]];
                if (positive[order[j]])
                {
                    groupPos += w;
                }
                else
                {
                    groupNeg += w;
                }

                j++;
            }

            sum += groupPos * (negativesBelow + (0.5 * groupNeg));
            negativesBelow += groupNeg;
            pos += groupPos;
            i = j;
        }

        return pos <= 0 || negativesBelow <= 0 ? double.NaN : sum / (pos * negativesBelow);
    }

    /// <summary>ROC AUC of unsorted scores.</summary>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive) => Auc(Order(scores), scores, positive, default);

    /// <summary>Average precision Σₙ (Rₙ − Rₙ₋₁)·Pₙ over descending score thresholds (scikit-learn's definition).</summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        var order = Order(scores);
        double totalPos = 0;
        foreach (var p in positive)
        {
            totalPos += p ? 1 : 0;
        }

        if (totalPos == 0)
        {
            return double.NaN;
        }

        double tp = 0, fp = 0, ap = 0, lastRecall = 0;
        var i = order.Length - 1;
        while (i >= 0)
        {
            var j = i;
            while (j >= 0 && scores[order[j]] == scores[order[i]])
            {
                if (positive[order[j]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                j--;
            }

            var recall = tp / totalPos;
            ap += (recall - lastRecall) * (tp / (tp + fp));
            lastRecall = recall;
            i = j;
        }

        return ap;
    }

    /// <summary>F1 of one class from true and predicted labels (0 when the class is never true nor predicted).</summary>
    public static double F1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int label)
    {
        double tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var t = truth[i] == label;
            var p = predicted[i] == label;
            tp += t && p ? 1 : 0;
            fp += !t && p ? 1 : 0;
            fn += t && !p ? 1 : 0;
        }

        return tp == 0 ? 0 : 2 * tp / ((2 * tp) + fp + fn);
    }
}
