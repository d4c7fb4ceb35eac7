using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Distance to closest record (DCR) and the metrics built on it. Encoding: numbers scaled to [0, 1] by the training
/// range (missing = -1), categories one-hot; distance L1, so a differing category adds 2 (the one-hot L1 of TabSyn's
/// DCR code). The search is exact, by the blocked SIMD kernel in <c>NearestNeighbours</c>.
/// </summary>
public static class PrivacyMetrics
{
    /// <summary>The L1 cost of a differing category in one-hot encoding.</summary>
    public const float CategoryMismatch = 2f;

    /// <summary>Computes every privacy metric of <paramref name="synthetic"/> against the real train and holdout rows.</summary>
    /// <param name="train">The real rows the generator was trained on.</param>
    /// <param name="holdout">Real rows the generator never saw.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The schema of <paramref name="train"/> (every column is used).</param>
    /// <param name="seed">Seed of the train sample that matches the holdout's size.</param>
    /// <exception cref="ArgumentException">A table is empty or lacks a schema column.</exception>
    public static PrivacyReport Evaluate(DataTable train, DataTable holdout, DataTable synthetic, DatasetSchema schema, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        if (train.RowCount < 2 || holdout.RowCount == 0 || synthetic.RowCount == 0)
        {
            throw new ArgumentException("Privacy metrics need at least 2 train rows, 1 holdout row and 1 synthetic row.", nameof(train));
        }

        var codec = TableCodec.Fit(train, schema);
        var trainSet = PointSet.ForDistance(codec, codec.Encode(train));
        var holdoutEncoded = codec.Encode(holdout);
        var holdoutSet = PointSet.ForDistance(codec, holdoutEncoded);
        var synEncoded = codec.Encode(synthetic);
        var synSet = PointSet.ForDistance(codec, synEncoded);

        var (synD, _) = NearestNeighbours.Search(synSet, trainSet, 2, squared: false, CategoryMismatch);
        var (holdD, _) = NearestNeighbours.Search(holdoutSet, trainSet, 2, squared: false, CategoryMismatch);
        var synDcr = Column(synD, 2, 0);
        var holdDcr = Column(holdD, 2, 0);

        var rng = new SplitMix(seed);
        var sample = rng.Subset(train.RowCount, holdout.RowCount);
        var trainSample = PointSet.ForDistance(codec, codec.Encode(train), sample);
        var (toSample, _) = NearestNeighbours.Search(synSet, trainSample, 1, squared: false, CategoryMismatch);
        var (toHoldout, _) = NearestNeighbours.Search(synSet, holdoutSet, 1, squared: false, CategoryMismatch);
        double closer = 0;
        for (var i = 0; i < synthetic.RowCount; i++)
        {
            closer += toSample[i] < toHoldout[i] ? 1 : toSample[i] == toHoldout[i] ? 0.5 : 0;
        }

        var sortedHold = holdDcr.ToArray();
        Array.Sort(sortedHold);
        var p2 = Stats.Quantile(sortedHold, 0.02);
        var below = synDcr.Count(d => d < p2);
        var sortedSyn = synDcr.ToArray();
        Array.Sort(sortedSyn);

        var trainRows = RowKeys(train, schema).ToHashSet(StringComparer.Ordinal);
        return new PrivacyReport(
            ShareCloserToTrain: closer / synthetic.RowCount,
            HoldoutP2: p2,
            ShareBelowHoldoutP2: (double)below / synthetic.RowCount,
            ExactCopyShare: CopyShare(RowKeys(synthetic, schema), trainRows, synthetic.RowCount),
            HoldoutExactCopyShare: CopyShare(RowKeys(holdout, schema), trainRows, holdout.RowCount),
            MedianDcr: Stats.Quantile(sortedSyn, 0.5),
            MedianHoldoutDcr: Stats.Quantile(sortedHold, 0.5),
            MeanNndr: MeanRatio(synD),
            HoldoutMeanNndr: MeanRatio(holdD),
            SyntheticDcr: synDcr,
            HoldoutDcr: holdDcr);
    }

    /// <summary>
    /// Only what a privacy filter needs: each synthetic row's distance to the closest training row (DCR) and the
    /// holdout rows' 2nd-percentile DCR. Two exact 1-nearest searches, none of the other metrics' searches; the values
    /// equal <see cref="PrivacyReport.SyntheticDcr"/> and <see cref="PrivacyReport.HoldoutP2"/> of <see cref="Evaluate"/>
    /// on the same tables.
    /// </summary>
    /// <param name="train">The real rows the generator was trained on.</param>
    /// <param name="holdout">Real rows the generator never saw.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The schema of <paramref name="train"/> (every column is used).</param>
    /// <exception cref="ArgumentException">A table is empty or lacks a schema column.</exception>
    public static (double[] SyntheticDcr, double HoldoutP2) ClosestTrainDistances(DataTable train, DataTable holdout, DataTable synthetic, DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        if (train.RowCount < 2 || holdout.RowCount == 0 || synthetic.RowCount == 0)
        {
            throw new ArgumentException("Privacy distances need at least 2 train rows, 1 holdout row and 1 synthetic row.", nameof(train));
        }

        var codec = TableCodec.Fit(train, schema);
        var trainSet = PointSet.ForDistance(codec, codec.Encode(train));
        var synSet = PointSet.ForDistance(codec, codec.Encode(synthetic));
        var holdoutSet = PointSet.ForDistance(codec, codec.Encode(holdout));
        var (synD, _) = NearestNeighbours.Search(synSet, trainSet, 1, squared: false, CategoryMismatch);
        var (holdD, _) = NearestNeighbours.Search(holdoutSet, trainSet, 1, squared: false, CategoryMismatch);
        var sortedHold = Column(holdD, 1, 0);
        Array.Sort(sortedHold);
        return (Column(synD, 1, 0), Stats.Quantile(sortedHold, 0.02));
    }

    private static double[] Column(float[] distances, int k, int which)
    {
        var result = new double[distances.Length / k];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = distances[(i * k) + which];
        }

        return result;
    }

    /// <summary>Mean of d1/d2 per row (0/0 = 1: a row on top of two identical records is not singled out).</summary>
    private static double MeanRatio(float[] twoNearest)
    {
        double sum = 0;
        var n = twoNearest.Length / 2;
        for (var i = 0; i < n; i++)
        {
            var d1 = twoNearest[2 * i];
            var d2 = twoNearest[(2 * i) + 1];
            sum += d2 <= 0 || float.IsInfinity(d2) ? 1 : d1 / d2;
        }

        return sum / n;
    }

    private static double CopyShare(IEnumerable<string> rows, HashSet<string> train, int count) =>
        (double)rows.Count(train.Contains) / count;

    /// <summary>Each row's cells of the schema columns joined into one key (missing distinct from empty).</summary>
    internal static IEnumerable<string> RowKeys(DataTable table, DatasetSchema schema)
    {
        var columns = schema.Columns.Select(c => table.Column(TableCodec.Require(table, c.Name))).ToArray();
        var builder = new System.Text.StringBuilder();
        for (var r = 0; r < table.RowCount; r++)
        {
            builder.Clear();
            foreach (var column in columns)
            {
                builder.Append(column[r] ?? "\u0000").Append('\u001f');
            }

            yield return builder.ToString();
        }
    }
}
