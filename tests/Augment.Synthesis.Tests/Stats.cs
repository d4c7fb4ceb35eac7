using System.Globalization;
using Augment.Data;

namespace Augment.Synthesis.Tests;

/// <summary>Small statistics used to compare real and synthetic tables.</summary>
internal static class Stats
{
    public static string AdultPath => Path.Combine(RepoRoot(), "samples", "adult.csv");

    public static DataTable LoadCsv(string path)
    {
        using var stream = File.OpenRead(path);
        return CsvTable.ReadAsync(stream).GetAwaiter().GetResult();
    }

    public static double[] Numbers(DataTable table, string column) =>
        [.. table.Column(table.IndexOf(column)).Where(v => v is not null).Select(v => double.Parse(v!, CultureInfo.InvariantCulture))];

    /// <summary>Two-sample Kolmogorov–Smirnov statistic, exact with ties (ECDFs compared at every distinct value).</summary>
    public static double KolmogorovSmirnov(double[] a, double[] b)
    {
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double max = 0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v)
            {
                i++;
            }

            while (j < y.Length && y[j] <= v)
            {
                j++;
            }

            max = Math.Max(max, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return max;
    }

    public static Dictionary<string, double> Frequencies(DataTable table, string column)
    {
        var cells = table.Column(table.IndexOf(column));
        return cells.GroupBy(v => v ?? "<missing>").ToDictionary(g => g.Key, g => g.Count() / (double)cells.Count);
    }

    public static double MissingRate(DataTable table, string column)
    {
        var cells = table.Column(table.IndexOf(column));
        return cells.Count(v => v is null) / (double)cells.Count;
    }

    public static double Mean(IEnumerable<double> values) => values.Average();

    /// <summary>Pearson correlation of two numeric columns over rows where both are present.</summary>
    public static double Pearson(DataTable table, string a, string b)
    {
        var x = table.Column(table.IndexOf(a));
        var y = table.Column(table.IndexOf(b));
        var pairs = Enumerable.Range(0, table.RowCount)
            .Where(r => x[r] is not null && y[r] is not null)
            .Select(r => (X: double.Parse(x[r]!, CultureInfo.InvariantCulture), Y: double.Parse(y[r]!, CultureInfo.InvariantCulture)))
            .ToList();
        var mx = pairs.Average(p => p.X);
        var my = pairs.Average(p => p.Y);
        var cov = pairs.Sum(p => (p.X - mx) * (p.Y - my));
        var vx = pairs.Sum(p => (p.X - mx) * (p.X - mx));
        var vy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return cov / Math.Sqrt(vx * vy);
    }

    /// <summary>Mean of a numeric column over the rows whose <paramref name="by"/> column equals <paramref name="value"/>.</summary>
    public static double MeanWhere(DataTable table, string column, string by, string value)
    {
        var x = table.Column(table.IndexOf(column));
        var k = table.Column(table.IndexOf(by));
        return Enumerable.Range(0, table.RowCount)
            .Where(r => k[r] == value && x[r] is not null)
            .Average(r => double.Parse(x[r]!, CultureInfo.InvariantCulture));
    }

    /// <summary>Share of rows with <paramref name="target"/> = <paramref name="targetValue"/> among rows with <paramref name="by"/> = <paramref name="byValue"/>.</summary>
    public static double ShareWhere(DataTable table, string target, string targetValue, string by, string byValue)
    {
        var t = table.Column(table.IndexOf(target));
        var k = table.Column(table.IndexOf(by));
        var rows = Enumerable.Range(0, table.RowCount).Where(r => k[r] == byValue).ToList();
        return rows.Count(r => t[r] == targetValue) / (double)rows.Count;
    }

    public static bool SameCells(DataTable a, DataTable b) =>
        a.Columns.SequenceEqual(b.Columns)
        && a.RowCount == b.RowCount
        && Enumerable.Range(0, a.Columns.Count).All(c => a.Column(c).SequenceEqual(b.Column(c)));

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
