using Augment.Data;

namespace Augment.Pipeline.Quality;

/// <summary>
/// Column-shape similarity as SDMetrics defines it: KSComplement = 1 − the Kolmogorov–Smirnov statistic for numbers
/// and datetimes, TVComplement = 1 − the total variation distance of category frequencies for everything else.
/// Missing values are left out of KS and counted as their own category in TV (their rates are reported beside).
/// </summary>
public static class ColumnSimilarity
{
    /// <summary>
    /// Scores every column of <paramref name="synthetic"/> against <paramref name="real"/> (same header). With a
    /// <paramref name="target"/>, the synthetic rows' class mix is deliberate (e.g. balancing), so each column is
    /// scored per class against the real rows of that class and averaged with the synthetic class shares as weights;
    /// the target column itself is left out.
    /// </summary>
    public static QualitySummary Score(DataTable real, DataTable synthetic, DatasetSchema schema, string? target = null)
    {
        if (synthetic.RowCount == 0 || real.RowCount == 0)
        {
            return new QualitySummary(null, []);
        }

        var t = target is null ? -1 : real.IndexOf(target);
        var groups = t < 0
            ? [(Real: real, Synthetic: synthetic, Weight: 1.0)]
            : synthetic.Column(t).Select((v, i) => (v, i)).GroupBy(x => x.v, StringComparer.Ordinal)
                .Select(g => (
                    Real: real.SelectRows(RowsOf(real.Column(t), g.Key)),
                    Synthetic: synthetic.SelectRows(g.Select(x => x.i).ToList()),
                    Weight: (double)g.Count() / synthetic.RowCount))
                .ToList();

        var scores = new List<ColumnScore>(real.Columns.Count);
        for (var c = 0; c < real.Columns.Count; c++)
        {
            if (c == t)
            {
                continue;
            }

            var profile = schema.Columns[c];
            var numeric = profile.IsNumeric;
            double score = 0;
            foreach (var (r, s, weight) in groups)
            {
                score += weight * (numeric
                    ? 1 - KolmogorovSmirnov(CellNumbers.Numbers(r.Column(c), profile), CellNumbers.Numbers(s.Column(c), profile))
                    : 1 - TotalVariation(r.Column(c), s.Column(c)));
            }

            scores.Add(new ColumnScore(profile.Name, numeric ? "KSComplement" : "TVComplement", score, MissingShare(real.Column(c)), MissingShare(synthetic.Column(c))));
        }

        return new QualitySummary(scores.Count == 0 ? null : scores.Average(s => s.Score), scores);
    }

    private static List<int> RowsOf(IReadOnlyList<string?> column, string? value)
    {
        var rows = new List<int>();
        for (var i = 0; i < column.Count; i++)
        {
            if (string.Equals(column[i], value, StringComparison.Ordinal))
            {
                rows.Add(i);
            }
        }

        return rows;
    }

    /// <summary>The two-sample KS statistic (largest gap between the empirical CDFs); 0 when either side is empty.</summary>
    public static double KolmogorovSmirnov(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 0 : 1;
        }

        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
        }

        return d;
    }

    /// <summary>Total variation distance between the value frequencies (missing = its own value).</summary>
    public static double TotalVariation(IReadOnlyList<string?> a, IReadOnlyList<string?> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return a.Count == b.Count ? 0 : 1;
        }

        var fa = Frequencies(a);
        var fb = Frequencies(b);
        double sum = 0;
        foreach (var key in fa.Keys.Union(fb.Keys))
        {
            fa.TryGetValue(key, out var pa);
            fb.TryGetValue(key, out var pb);
            sum += Math.Abs((pa / a.Count) - (pb / b.Count));
        }

        return sum / 2;
    }

    private static Dictionary<string, double> Frequencies(IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            var key = v ?? "\0missing";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static double MissingShare(IReadOnlyList<string?> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var missing = 0;
        foreach (var v in values)
        {
            if (v is null)
            {
                missing++;
            }
        }

        return (double)missing / values.Count;
    }
}
