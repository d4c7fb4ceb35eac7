using Augment.Data;
using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation;

/// <summary>
/// Real-vs-synthetic detection as SDMetrics' LogisticDetection: a logistic regression (standardised numbers, one-hot
/// categories, L2, L-BFGS) learns to tell synthetic rows from real ones under stratified k-fold cross-validation;
/// score = mean over folds of 1 − (2·max(AUC, 0.5) − 1).
/// </summary>
public static class Detection
{
    /// <summary>Runs the detection classifier.</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="seed">Seed of the row sample and the fold assignment.</param>
    /// <param name="folds">Folds (≥ 2; SDMetrics uses 3).</param>
    /// <param name="maxRowsPerSide">Rows sampled from each side at most (keeps the fit fast on big tables).</param>
    public static DetectionReport Evaluate(DataTable real, DataTable synthetic, DatasetSchema schema, int seed = 42, int folds = 3, int maxRowsPerSide = 20_000)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (real.RowCount < folds || synthetic.RowCount < folds)
        {
            throw new ArgumentException($"Detection needs at least {folds} real and {folds} synthetic rows.", nameof(synthetic));
        }

        var rng = new SplitMix(seed);
        var realRows = rng.Subset(real.RowCount, maxRowsPerSide);
        var synRows = rng.Subset(synthetic.RowCount, maxRowsPerSide);
        var codec = TableCodec.Fit(real, schema);
        var x = Stack(DesignMatrix.Build(codec, codec.Encode(real), realRows), DesignMatrix.Build(codec, codec.Encode(synthetic), synRows));
        var labels = Enumerable.Repeat(0, realRows.Length).Concat(Enumerable.Repeat(1, synRows.Length)).ToArray();
        var fold = StratifiedFolds(labels, folds, ref rng);

        var aucs = new double[folds];
        var outOfFold = new double[labels.Length];
        for (var f = 0; f < folds; f++)
        {
            var trainRows = Enumerable.Range(0, labels.Length).Where(i => fold[i] != f).ToArray();
            var testRows = Enumerable.Range(0, labels.Length).Where(i => fold[i] == f).ToArray();
            var model = LogisticRegression.Fit(Select(x, trainRows), trainRows.Select(i => labels[i]).ToArray(), 2, maxIterations: 100);
            var p = model.PredictProba(Select(x, testRows));
            var scores = testRows.Select((_, i) => p[(2 * i) + 1]).ToArray();
            for (var i = 0; i < testRows.Length; i++)
            {
                outOfFold[testRows[i]] = scores[i];
            }

            aucs[f] = Ranking.Auc(scores, testRows.Select(i => labels[i] == 1).ToArray());
        }

        var realness = new double[synthetic.RowCount];
        Array.Fill(realness, double.NaN);
        for (var i = 0; i < synRows.Length; i++)
        {
            realness[synRows[i]] = 1 - outOfFold[realRows.Length + i];
        }

        var score = aucs.Average(a => 1 - ((2 * Math.Max(a, 0.5)) - 1));
        return new DetectionReport(score, aucs.Average(), aucs, realness);
    }

    /// <summary>Fold of each row: each class shuffled (seeded) and dealt round-robin.</summary>
    internal static int[] StratifiedFolds(int[] labels, int folds, ref SplitMix rng)
    {
        var fold = new int[labels.Length];
        foreach (var group in labels.Select((l, i) => (l, i)).GroupBy(p => p.l).OrderBy(g => g.Key))
        {
            var members = group.Select(p => p.i).ToArray();
            var permutation = rng.Permutation(members.Length);
            for (var j = 0; j < members.Length; j++)
            {
                fold[members[permutation[j]]] = j % folds;
            }
        }

        return fold;
    }

    private static DesignMatrix Stack(DesignMatrix a, DesignMatrix b) => DesignMatrix.FromRows(a.Columns, [.. a.Values, .. b.Values]);

    private static DesignMatrix Select(DesignMatrix x, int[] rows)
    {
        var values = new double[rows.Length * x.Columns];
        for (var i = 0; i < rows.Length; i++)
        {
            x.Row(rows[i]).CopyTo(values.AsSpan(i * x.Columns, x.Columns));
        }

        return DesignMatrix.FromRows(x.Columns, values);
    }
}
