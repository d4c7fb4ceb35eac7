namespace Augment.Evaluation.Internal;

/// <summary>Small statistics shared by the metrics.</summary>
internal static class Stats
{
    /// <summary>Mean of the values that are not NaN (pandas' skipna mean); NaN when there is none.</summary>
    public static double MeanOfDefined(IEnumerable<double> values)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>Pearson correlation over the rows where both values are present; NaN when undefined.</summary>
    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double n = 0, ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i]))
            {
                n++;
                ma += a[i];
                mb += b[i];
            }
        }

        if (n < 2)
        {
            return double.NaN;
        }

        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!double.IsNaN(a[i]) && !double.IsNaN(b[i]))
            {
                var da = a[i] - ma;
                var db = b[i] - mb;
                sab += da * db;
                saa += da * da;
                sbb += db * db;
            }
        }

        return saa <= 0 || sbb <= 0 ? double.NaN : Math.Clamp(sab / Math.Sqrt(saa * sbb), -1, 1);
    }

    /// <summary>The type-7 (linear) quantile of sorted values; NaN when empty.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * Math.Clamp(q, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>The quantile of unsorted values (copied and sorted).</summary>
    public static double QuantileOf(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Quantile(sorted, q);
    }

    /// <summary>The mean of the finite values; NaN when there are none.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
