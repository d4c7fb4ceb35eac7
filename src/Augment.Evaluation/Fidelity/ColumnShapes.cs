using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Column shapes as SDMetrics defines them: KSComplement = 1 − the two-sample Kolmogorov–Smirnov statistic for
/// numbers and datetimes (missing values left out), TVComplement = 1 − the total variation distance of the category
/// frequencies for every other column (missing is a category of its own).
/// </summary>
public static class ColumnShapes
{
    /// <summary>Scores every schema column (except <paramref name="exclude"/>) of the synthetic rows against the real rows.</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows (same column names).</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="exclude">Columns not to score.</param>
    public static ShapeReport Score(DataTable real, DataTable synthetic, DatasetSchema schema, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        var codec = TableCodec.Fit(real, schema, exclude);
        return Score(codec, codec.Encode(real), codec.Encode(synthetic));
    }

    internal static ShapeReport Score(TableCodec codec, EncodedTable real, EncodedTable synthetic)
    {
        var scores = new List<ColumnShape>(codec.Columns.Count);
        int n = 0, c = 0;
        foreach (var column in codec.Columns)
        {
            scores.Add(column.IsNumeric
                ? new ColumnShape(column.Name, "KSComplement", 1 - KolmogorovSmirnov(real.Numeric[n], synthetic.Numeric[n++]))
                : new ColumnShape(column.Name, "TVComplement", 1 - TotalVariation(real.Codes[c], synthetic.Codes[c++], column.Categories.Length)));
        }

        return new ShapeReport(scores.Count == 0 ? double.NaN : scores.Average(s => s.Score), scores);
    }

    /// <summary>The two-sample KS statistic (largest gap between the empirical CDFs), NaN values left out.</summary>
    /// <param name="a">The first sample.</param>
    /// <param name="b">The second sample.</param>
    /// <returns>In [0, 1]; 0 when both are empty, 1 when only one is.</returns>
    public static double KolmogorovSmirnov(IEnumerable<double> a, IEnumerable<double> b)
    {
        var x = a.Where(v => !double.IsNaN(v)).ToArray();
        var y = b.Where(v => !double.IsNaN(v)).ToArray();
        if (x.Length == 0 || y.Length == 0)
        {
            return x.Length == y.Length ? 0 : 1;
        }

        Array.Sort(x);
        Array.Sort(y);
        int i = 0, j = 0;
        double d = 0;
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

            d = Math.Max(d, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        return d;
    }

    /// <summary>Total variation distance ½·Σ|p − q| between the frequencies of codes 0..k-1 (and -1 = unseen).</summary>
    internal static double TotalVariation(int[] a, int[] b, int k)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 0 : 1;
        }

        var pa = new double[k + 1];
        var pb = new double[k + 1];
        foreach (var v in a)
        {
            pa[v < 0 ? k : v] += 1.0 / a.Length;
        }

        foreach (var v in b)
        {
            pb[v < 0 ? k : v] += 1.0 / b.Length;
        }

        double sum = 0;
        for (var i = 0; i <= k; i++)
        {
            sum += Math.Abs(pa[i] - pb[i]);
        }

        return Math.Min(1, sum / 2);
    }
}
