using Augment.Data;

namespace Augment.Pipeline.Quality;

/// <summary>
/// Column-shape similarity as SDMetrics defines it: KSComplement = 1 − the Kolmogorov–Smirnov statistic for numbers
/// and datetimes, TVComplement = 1 − the total variation distance of category frequencies for everything else.
/// Missing values are left out of KS and counted as their own category in TV (their rates are reported beside).
/// </summary>
public static class ColumnSimilarity
{
    /// <summary>Scores every column of <paramref name="synthetic"/> against <paramref name="real"/> (same header).</summary>
    public static QualitySummary Score(DataTable real, DataTable synthetic, DatasetSchema schema)
    {
        if (synthetic.RowCount == 0 || real.RowCount == 0)
        {
            return new QualitySummary(null, []);
        }

        var scores = new List<ColumnScore>(real.Columns.Count);
        for (var c = 0; c < real.Columns.Count; c++)
        {
            var profile = schema.Columns[c];
            var realValues = real.Column(c);
            var synthValues = synthetic.Column(c);
            var numeric = profile.Kind is ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.Datetime;
            var score = numeric
                ? 1 - KolmogorovSmirnov(CellNumbers.Numbers(realValues, profile), CellNumbers.Numbers(synthValues, profile))
                : 1 - TotalVariation(realValues, synthValues);
            scores.Add(new ColumnScore(profile.Name, numeric ? "KSComplement" : "TVComplement", score, MissingShare(realValues), MissingShare(synthValues)));
        }

        return new QualitySummary(scores.Count == 0 ? null : scores.Average(s => s.Score), scores);
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
