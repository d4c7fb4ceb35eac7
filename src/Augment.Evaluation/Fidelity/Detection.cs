using Augment.Data;
using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation;

/// <summary>The features of the detection classifier.</summary>
public enum DetectionFeatures
{
    /// <summary>SDMetrics' LogisticDetection: raw numbers (missing = real mean), one-hot categories, RobustScaler per fold.</summary>
    SdMetrics,

    /// <summary>Numbers standardised by the real mean and s.d. (missing = 0), one-hot categories (the realism filter's).</summary>
    Standardised,
}

/// <summary>
/// Real-vs-synthetic detection as SDMetrics' LogisticDetection (v0.29): numbers with missing values filled by the real
/// mean, categories one-hot (missing a category of its own), every column then scaled per fold as scikit-learn's
/// RobustScaler (median, interquartile range), a logistic regression (L2 with C = 1, intercept free, L-BFGS, 100
/// iterations) learns to tell synthetic rows from real ones under stratified k-fold cross-validation;
/// score = mean over folds of 1 − (2·max(AUC, 0.5) − 1). SDMetrics draws its folds at random; ours are seeded.
/// </summary>
public static class Detection
{
    /// <summary>NumPy's float64 eps: scikit-learn treats a scale below 10·eps as zero.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Runs the detection classifier.</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="seed">Seed of the row sample and the fold assignment.</param>
    /// <param name="folds">Folds (≥ 2; SDMetrics uses 3).</param>
    /// <param name="maxRowsPerSide">Rows sampled from each side at most (keeps the fit fast on big tables).</param>
    /// <param name="features">SDMetrics' preprocessing (default) or the standardised features the realism filter has
    /// always used.</param>
    public static DetectionReport Evaluate(DataTable real, DataTable synthetic, DatasetSchema schema, int seed = 42, int folds = 3, int maxRowsPerSide = 20_000,
        DetectionFeatures features = DetectionFeatures.SdMetrics)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var sdmetrics = features == DetectionFeatures.SdMetrics;
        return RunProtocol(
            real,
            synthetic,
            seed,
            folds,
            maxRowsPerSide,
            parallelFolds: false,
            (realRows, synRows) =>
            {
                var codec = TableCodec.Fit(real, schema);
                return sdmetrics
                    ? Stack(Raw(codec, codec.Encode(real), realRows), Raw(codec, codec.Encode(synthetic), synRows))
                    : Stack(DesignMatrix.Build(codec, codec.Encode(real), realRows), DesignMatrix.Build(codec, codec.Encode(synthetic), synRows));
            },
            (x, trainRows, trainLabels, testRows, _) =>
            {
                var (center, scale) = sdmetrics ? RobustScale(x, trainRows) : (new double[x.Columns], Enumerable.Repeat(1.0, x.Columns).ToArray());
                var model = LogisticRegression.Fit(Select(x, trainRows, center, scale), trainLabels, 2, maxIterations: 100);
                var p = model.PredictProba(Select(x, testRows, center, scale));
                return testRows.Select((_, i) => p[(2 * i) + 1]).ToArray();
            });
    }

    /// <summary>
    /// The protocol every detector shares: at most <paramref name="maxRowsPerSide"/> seeded rows per side (real first),
    /// seeded stratified folds, a classifier per fold scored by out-of-fold AUC, score = mean over folds of
    /// 1 − (2·max(AUC, 0.5) − 1), and each sampled synthetic row's out-of-fold P(real).
    /// </summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="seed">Seed of the row sample and the fold assignment.</param>
    /// <param name="folds">Folds (≥ 2).</param>
    /// <param name="maxRowsPerSide">Rows sampled from each side at most.</param>
    /// <param name="parallelFolds">Whether the folds are fitted at once (each fit single-threaded and seeded).</param>
    /// <param name="features">Builds the stacked feature rows from the sampled real and synthetic row indices.</param>
    /// <param name="scoreFold">Fits on the training rows (their labels: 1 = synthetic) and returns P(synthetic) for
    /// each test row; called once per fold, at once when <paramref name="parallelFolds"/>.</param>
    internal static DetectionReport RunProtocol<TFeatures>(
        DataTable real, DataTable synthetic, int seed, int folds, int maxRowsPerSide, bool parallelFolds,
        Func<int[], int[], TFeatures> features,
        Func<TFeatures, int[], int[], int[], int, double[]> scoreFold)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (real.RowCount < folds || synthetic.RowCount < folds)
        {
            throw new ArgumentException($"Detection needs at least {folds} real and {folds} synthetic rows.", nameof(synthetic));
        }

        var rng = new SplitMix(seed);
        var realRows = rng.Subset(real.RowCount, maxRowsPerSide);
        var synRows = rng.Subset(synthetic.RowCount, maxRowsPerSide);
        var x = features(realRows, synRows);
        var labels = Enumerable.Repeat(0, realRows.Length).Concat(Enumerable.Repeat(1, synRows.Length)).ToArray();
        var fold = StratifiedFolds(labels, folds, ref rng);

        var aucs = new double[folds];
        var outOfFold = new double[labels.Length];
        void Fold(int f)
        {
            var trainRows = Enumerable.Range(0, labels.Length).Where(i => fold[i] != f).ToArray();
            var testRows = Enumerable.Range(0, labels.Length).Where(i => fold[i] == f).ToArray();
            var scores = scoreFold(x, trainRows, [.. trainRows.Select(i => labels[i])], testRows, f);
            for (var i = 0; i < testRows.Length; i++)
            {
                outOfFold[testRows[i]] = scores[i];
            }

            aucs[f] = Ranking.Auc(scores, [.. testRows.Select(i => labels[i] == 1)]);
        }

        if (parallelFolds)
        {
            Parallel.For(0, folds, Fold);
        }
        else
        {
            for (var f = 0; f < folds; f++)
            {
                Fold(f);
            }
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

    /// <summary>SDMetrics' HyperTransformer: numbers as they are (missing = the real mean), categories one-hot by the
    /// real codes (a category the real rows lack is all zeros, where SDMetrics' encoder would refuse the table).</summary>
    private static DesignMatrix Raw(TableCodec codec, EncodedTable table, int[] rows)
    {
        var width = codec.NumericColumns.Count + codec.CategoricalColumns.Sum(c => c.Categories.Length);
        var values = new double[rows.Length * width];
        for (var i = 0; i < rows.Length; i++)
        {
            var offset = i * width;
            for (var d = 0; d < codec.NumericColumns.Count; d++)
            {
                var v = table.Numeric[d][rows[i]];
                values[offset + d] = double.IsNaN(v) ? codec.NumericColumns[d].Mean : v;
            }

            var position = offset + codec.NumericColumns.Count;
            for (var d = 0; d < codec.CategoricalColumns.Count; d++)
            {
                var code = table.Codes[d][rows[i]];
                if (code >= 0)
                {
                    values[position + code] = 1;
                }

                position += codec.CategoricalColumns[d].Categories.Length;
            }
        }

        return DesignMatrix.FromRows(width, values);
    }

    /// <summary>scikit-learn's RobustScaler fitted on <paramref name="rows"/>: per column the median and the 25–75 %
    /// interquartile range (linear interpolation; a zero range becomes 1).</summary>
    private static (double[] Center, double[] Scale) RobustScale(DesignMatrix x, int[] rows)
    {
        var center = new double[x.Columns];
        var scale = new double[x.Columns];
        var column = new double[rows.Length];
        for (var j = 0; j < x.Columns; j++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                column[i] = x.Values[(rows[i] * x.Columns) + j];
            }

            Array.Sort(column);
            center[j] = Quantile(column, 0.5);
            var range = Quantile(column, 0.75) - Quantile(column, 0.25);
            scale[j] = range < 10 * MachineEpsilon ? 1 : range;
        }

        return (center, scale);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }

    private static DesignMatrix Select(DesignMatrix x, int[] rows, double[] center, double[] scale)
    {
        var values = new double[rows.Length * x.Columns];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = x.Row(rows[i]);
            for (var j = 0; j < x.Columns; j++)
            {
                values[(i * x.Columns) + j] = (row[j] - center[j]) / scale[j];
            }
        }

        return DesignMatrix.FromRows(x.Columns, values);
    }
}
