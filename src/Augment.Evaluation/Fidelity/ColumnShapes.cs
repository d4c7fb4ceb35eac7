using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Column shapes as SDMetrics (v0.29) defines them: KSComplement = 1 − the two-sample Kolmogorov–Smirnov statistic
/// for numbers and datetimes, TVComplement = 1 − the total variation distance of the category frequencies for every
/// other column; both leave missing values out, and a column with no present value on one side scores NaN and is left
/// out of the mean (SDMetrics' IncomputableMetricError). Checked against SDMetrics' own numbers (Golden tests).
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
        var realNumbers = codec.Encode(real).Numeric;
        var synNumbers = codec.Encode(synthetic).Numeric;
        var scores = new List<ColumnShape>(codec.Columns.Count);
        var n = 0;
        foreach (var column in codec.Columns)
        {
            if (column.IsNumeric)
            {
                var (a, b) = (realNumbers[n], synNumbers[n++]);
                var score = a.All(double.IsNaN) || b.All(double.IsNaN) ? double.NaN : 1 - KolmogorovSmirnov(a, b);
                scores.Add(new ColumnShape(column.Name, "KSComplement", score));
            }
            else
            {
                var a = real.Column(TableCodec.Require(real, column.Name));
                var b = synthetic.Column(TableCodec.Require(synthetic, column.Name));
                scores.Add(new ColumnShape(column.Name, "TVComplement", TvComplement(a, b)));
            }
        }

        return new ShapeReport(Stats.MeanOfDefined(scores.Select(s => s.Score)), scores);
    }

    /// <summary>SDMetrics' TVComplement: 1 − ½·Σ|p_real(c) − p_syn(c)| over the present (non-missing) values, a value
    /// absent from one side counting 0 there; NaN when a side has no present value.</summary>
    /// <param name="real">Real cells (null = missing).</param>
    /// <param name="synthetic">Synthetic cells.</param>
    public static double TvComplement(IReadOnlyList<string?> real, IReadOnlyList<string?> synthetic)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        var (p, nr) = Frequencies(real);
        var (q, ns) = Frequencies(synthetic);
        if (nr == 0 || ns == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (var (value, count) in p)
        {
            sum += Math.Abs((count / nr) - (q.GetValueOrDefault(value) / ns));
        }

        foreach (var (value, count) in q)
        {
            sum += p.ContainsKey(value) ? 0 : count / ns;
        }

        return 1 - Math.Min(1, sum / 2);
    }

    private static (Dictionary<string, double> Counts, double Present) Frequencies(IReadOnlyList<string?> cells)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        double present = 0;
        foreach (var cell in cells)
        {
            if (cell is not null)
            {
                counts[cell] = counts.GetValueOrDefault(cell) + 1;
                present++;
            }
        }

        return (counts, present);
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
