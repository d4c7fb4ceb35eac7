using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Baseline resamplers applied to the training part only: random oversampling and SMOTE-NC (Chawla et al. 2002), each
/// lifting every class to the majority's count.
/// </summary>
internal static class Resampling
{
    /// <summary>Rows of <paramref name="table"/> plus minority rows drawn with replacement (seeded).</summary>
    public static (EncodedTable Table, int[] Labels) RandomOversample(EncodedTable table, int[] labels, int classes, int seed)
    {
        var rng = new SplitMix(seed);
        var rows = Enumerable.Range(0, table.Rows).ToList();
        var byClass = ByClass(labels, classes);
        var majority = byClass.Max(c => c.Length);
        foreach (var members in byClass.Where(m => m.Length > 0))
        {
            for (var i = members.Length; i < majority; i++)
            {
                rows.Add(members[rng.NextInt(members.Length)]);
            }
        }

        return (Select(table, rows), rows.Select(r => labels[r]).ToArray());
    }

    /// <summary>
    /// SMOTE-NC: for a random minority row, one of its k = 5 nearest same-class neighbours (squared Euclidean over
    /// numbers standardised by the class's standard deviation, plus Med² = 1 — the median standardised deviation — per
    /// differing category); numbers interpolated at a uniform gap, categories the most frequent among the k neighbours.
    /// </summary>
    public static (EncodedTable Table, int[] Labels) SmoteNc(EncodedTable table, int[] labels, int classes, int seed, int k = 5)
    {
        var rng = new SplitMix(seed);
        var byClass = ByClass(labels, classes);
        var majority = byClass.Max(c => c.Length);
        var numeric = table.Numeric.Select(c => new List<double>(c)).ToArray();
        var codes = table.Codes.Select(c => new List<int>(c)).ToArray();
        var newLabels = new List<int>(labels);
        for (var label = 0; label < classes; label++)
        {
            var members = byClass[label];
            if (members.Length < 2 || members.Length >= majority)
            {
                continue;
            }

            var kk = Math.Min(k, members.Length - 1);
            var points = Standardised(table, members);
            var (_, found) = NearestNeighbours.Search(points, points, kk + 1, squared: true, mismatch: 1f);
            var neighbours = new int[members.Length][];
            for (var i = 0; i < members.Length; i++)
            {
                neighbours[i] = found.AsSpan(i * (kk + 1), kk + 1).ToArray().Where(j => j >= 0 && j != i).Take(kk).ToArray();
            }

            for (var n = members.Length; n < majority; n++)
            {
                var i = rng.NextInt(members.Length);
                var near = neighbours[i];
                var j = near[rng.NextInt(near.Length)];
                var gap = rng.NextDouble();
                for (var d = 0; d < numeric.Length; d++)
                {
                    var a = table.Numeric[d][members[i]];
                    var b = table.Numeric[d][members[j]];
                    numeric[d].Add(double.IsNaN(a) || double.IsNaN(b) ? a : a + (gap * (b - a)));
                }

                for (var d = 0; d < codes.Length; d++)
                {
                    var mode = near.Select(m => table.Codes[d][members[m]]).GroupBy(c => c)
                        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
                    codes[d].Add(mode);
                }

                newLabels.Add(label);
            }
        }

        var result = new EncodedTable(newLabels.Count, numeric.Select(c => c.ToArray()).ToArray(), codes.Select(c => c.ToArray()).ToArray());
        return (result, newLabels.ToArray());
    }

    public static int[][] ByClass(int[] labels, int classes) =>
        Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray()).ToArray();

    public static EncodedTable Select(EncodedTable table, IReadOnlyList<int> rows) => new(
        rows.Count,
        table.Numeric.Select(c => rows.Select(r => c[r]).ToArray()).ToArray(),
        table.Codes.Select(c => rows.Select(r => c[r]).ToArray()).ToArray());

    public static EncodedTable Concat(EncodedTable a, EncodedTable b) => new(
        a.Rows + b.Rows,
        a.Numeric.Zip(b.Numeric, (x, y) => x.Concat(y).ToArray()).ToArray(),
        a.Codes.Zip(b.Codes, (x, y) => x.Concat(y).ToArray()).ToArray());

    private static PointSet Standardised(EncodedTable table, int[] members)
    {
        var set = new PointSet(members.Length, table.Numeric.Length, table.Codes.Length);
        for (var d = 0; d < table.Numeric.Length; d++)
        {
            var values = members.Select(m => table.Numeric[d][m]).ToArray();
            var mean = Stats.Mean(values);
            var present = values.Where(v => !double.IsNaN(v)).ToArray();
            var std = present.Length < 2 ? 1 : Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / (present.Length - 1));
            std = std > 0 ? std : 1;
            for (var i = 0; i < members.Length; i++)
            {
                set.Numeric[(d * set.Stride) + i] = double.IsNaN(values[i]) ? 0f : (float)((values[i] - mean) / std);
            }
        }

        for (var d = 0; d < table.Codes.Length; d++)
        {
            for (var i = 0; i < members.Length; i++)
            {
                set.Codes[(d * set.Stride) + i] = table.Codes[d][members[i]];
            }
        }

        return set;
    }
}
