using Augment.Data;
using Augment.Pipeline.Quality;

namespace Augment.Pipeline.Reports;

/// <summary>One column's distribution, real vs synthetic, as shares per bin or category.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Kind"><c>numeric</c> (equal-width bins over both sides' range) or <c>categorical</c> (most frequent real categories, then "(other)").</param>
/// <param name="Labels">Bin or category labels.</param>
/// <param name="Real">Share of the real rows per label (missing values left out).</param>
/// <param name="Synthetic">Share of the synthetic rows per label.</param>
public sealed record ColumnDistribution(string Column, string Kind, IReadOnlyList<string> Labels, IReadOnlyList<double> Real, IReadOnlyList<double> Synthetic);

/// <summary>Pearson correlations of the numeric columns, real and synthetic (NaN where a column is constant).</summary>
public sealed record CorrelationMatrices(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<double>> Real, IReadOnlyList<IReadOnlyList<double>> Synthetic);

/// <summary>A histogram of distances to the closest training row, for holdout rows and synthetic rows (shares per bin).</summary>
public sealed record DcrHistogram(IReadOnlyList<double> Edges, IReadOnlyList<double> Holdout, IReadOnlyList<double> Synthetic);

/// <summary>Builds the numbers the HTML charts draw (they are in report.json too).</summary>
public static class ChartData
{
    /// <summary>Bins of a numeric column's histogram.</summary>
    public const int NumericBins = 20;

    /// <summary>Categories shown before "(other)".</summary>
    public const int MaxCategories = 12;

    /// <summary>Most numeric columns in the correlation heatmap.</summary>
    public const int MaxCorrelationColumns = 24;

    /// <summary>Distributions of every column of <paramref name="real"/> and <paramref name="synthetic"/> (same header).</summary>
    public static IReadOnlyList<ColumnDistribution> Distributions(DataTable real, DataTable synthetic, DatasetSchema schema)
    {
        var result = new List<ColumnDistribution>(schema.Columns.Count);
        for (var c = 0; c < schema.Columns.Count; c++)
        {
            var profile = schema.Columns[c];
            if (profile.Kind == ColumnKind.Text)
            {
                continue;
            }

            result.Add(profile.IsNumeric
                ? Numeric(profile, CellNumbers.Numbers(real.Column(c), profile), CellNumbers.Numbers(synthetic.Column(c), profile))
                : Categorical(profile.Name, real.Column(c), synthetic.Column(c)));
        }

        return result;
    }

    /// <summary>Pearson correlation matrices of the numeric columns (pairwise complete rows).</summary>
    public static CorrelationMatrices Correlations(DataTable real, DataTable synthetic, DatasetSchema schema)
    {
        var columns = Enumerable.Range(0, schema.Columns.Count).Where(c => schema.Columns[c].IsNumeric).Take(MaxCorrelationColumns).ToList();
        return new CorrelationMatrices(
            columns.Select(c => schema.Columns[c].Name).ToList(),
            Matrix(real, schema, columns),
            Matrix(synthetic, schema, columns));
    }

    /// <summary>A shared-bin histogram of holdout and synthetic DCRs, cut at the 99th percentile of both.</summary>
    public static DcrHistogram Dcr(IReadOnlyList<double> holdout, IReadOnlyList<double> synthetic, int bins = 30)
    {
        var all = holdout.Concat(synthetic).Where(double.IsFinite).Order().ToArray();
        var top = all.Length == 0 ? 1 : Math.Max(all[(int)Math.Min(all.Length - 1, Math.Floor(0.99 * all.Length))], 1e-9);
        var edges = Enumerable.Range(0, bins + 1).Select(i => top * i / bins).ToList();
        return new DcrHistogram(edges, Shares(holdout, top, bins), Shares(synthetic, top, bins));
    }

    private static double[] Shares(IReadOnlyList<double> values, double top, int bins)
    {
        var counts = new double[bins];
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                continue;
            }

            counts[Math.Clamp((int)(v / top * bins), 0, bins - 1)]++;
            n++;
        }

        for (var i = 0; i < bins; i++)
        {
            counts[i] = n == 0 ? 0 : counts[i] / n;
        }

        return counts;
    }

    private static ColumnDistribution Numeric(ColumnProfile profile, double[] real, double[] synthetic)
    {
        var all = real.Concat(synthetic).ToArray();
        var lo = all.Length == 0 ? 0 : all.Min();
        var hi = all.Length == 0 ? 1 : all.Max();
        var width = hi > lo ? (hi - lo) / NumericBins : 1;
        var labels = Enumerable.Range(0, NumericBins).Select(i => Format(lo + (i * width))).ToList();
        return new ColumnDistribution(profile.Name, "numeric", labels, Bin(real, lo, width), Bin(synthetic, lo, width));
    }

    private static double[] Bin(double[] values, double lo, double width)
    {
        var shares = new double[NumericBins];
        foreach (var v in values)
        {
            shares[Math.Clamp((int)((v - lo) / width), 0, NumericBins - 1)]++;
        }

        for (var i = 0; i < NumericBins; i++)
        {
            shares[i] = values.Length == 0 ? 0 : shares[i] / values.Length;
        }

        return shares;
    }

    private static ColumnDistribution Categorical(string name, IReadOnlyList<string?> real, IReadOnlyList<string?> synthetic)
    {
        var realCounts = Count(real);
        var synthCounts = Count(synthetic);
        var top = realCounts.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Take(MaxCategories).Select(k => k.Key).ToList();
        var other = realCounts.Keys.Union(synthCounts.Keys).Any(k => !top.Contains(k));
        var labels = other ? [.. top, "(other)"] : top;
        return new ColumnDistribution(name, "categorical", labels, Shares(realCounts, top, other), Shares(synthCounts, top, other));
    }

    private static Dictionary<string, int> Count(IReadOnlyList<string?> cells)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            if (cell is not null)
            {
                counts[cell] = counts.GetValueOrDefault(cell) + 1;
            }
        }

        return counts;
    }

    private static List<double> Shares(Dictionary<string, int> counts, List<string> top, bool other)
    {
        double total = counts.Values.Sum();
        var shares = top.Select(k => total == 0 ? 0 : counts.GetValueOrDefault(k) / total).ToList();
        if (other)
        {
            shares.Add(total == 0 ? 0 : counts.Where(k => !top.Contains(k.Key)).Sum(k => k.Value) / total);
        }

        return shares;
    }

    private static List<IReadOnlyList<double>> Matrix(DataTable table, DatasetSchema schema, List<int> columns)
    {
        var values = columns.Select(c => table.Column(c).Select(cell => CellNumbers.TryNumber(cell, schema.Columns[c], out var v) ? v : double.NaN).ToArray()).ToList();
        var matrix = new List<IReadOnlyList<double>>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var row = new double[columns.Count];
            for (var j = 0; j < columns.Count; j++)
            {
                row[j] = i == j ? 1 : Pearson(values[i], values[j]);
            }

            matrix.Add(row);
        }

        return matrix;
    }

    private static double Pearson(double[] a, double[] b)
    {
        double n = 0, sa = 0, sb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i]))
            {
                n++;
                sa += a[i];
                sb += b[i];
            }
        }

        if (n < 2)
        {
            return double.NaN;
        }

        double ma = sa / n, mb = sb / n, cov = 0, va = 0, vb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i]))
            {
                cov += (a[i] - ma) * (b[i] - mb);
                va += (a[i] - ma) * (a[i] - ma);
                vb += (b[i] - mb) * (b[i] - mb);
            }
        }

        return va <= 0 || vb <= 0 ? double.NaN : cov / Math.Sqrt(va * vb);
    }

    private static string Format(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
