using Augment.Data;

namespace Augment.Synthesis;

/// <summary>
/// A numeric (continuous, integer or datetime) column: an empirical quantile function for values and, when the
/// column has missing values, a second dimension whose score says "missing" inside the top interval of width
/// <see cref="CopulaColumnFile.MissingRate"/>, so that missingness is correlated with the other columns.
/// A value's score is drawn uniformly inside its ECDF step [F(x⁻), F(x)], so tied values (such as the many zeros of
/// a capital gain column) get a standard normal marginal, consistent with sampling by the quantile function.
/// </summary>
internal sealed class NumericCodec : ColumnCodec
{
    private readonly double[] _quantiles;

    public NumericCodec(CopulaColumnFile file)
        : base(file)
    {
        _quantiles = file.Quantiles ?? throw new InvalidDataException($"column '{file.Name}' has no quantiles");
        if (_quantiles.Length == 0)
        {
            throw new InvalidDataException($"column '{file.Name}' has no quantiles");
        }

        for (var k = 0; k < _quantiles.Length; k++)
        {
            if (!double.IsFinite(_quantiles[k]) || (k > 0 && _quantiles[k] < _quantiles[k - 1]))
            {
                throw new InvalidDataException($"the quantiles of column '{file.Name}' are not finite and ascending");
            }
        }

        if (!(file.MissingRate >= 0 && file.MissingRate < 1))
        {
            throw new InvalidDataException($"column '{file.Name}' has a missing rate outside [0, 1)");
        }

        if (file.DecimalPlaces is < 0 or > 15)
        {
            throw new InvalidDataException($"column '{file.Name}' has decimal places outside 0..15");
        }

        if (file.Kind == ColumnKind.Datetime && string.IsNullOrEmpty(file.DatetimeFormat))
        {
            throw new InvalidDataException($"datetime column '{file.Name}' has no format");
        }
    }

    public override int Dimensions => File.MissingRate > 0 ? 2 : 1;

    /// <summary>Reads a cell as a number (Unix seconds for datetimes).</summary>
    public static double Parse(string text, ColumnProfile profile)
    {
        var ok = profile.Kind == ColumnKind.Datetime
            ? CellValues.TryParseDatetime(text, profile.DatetimeFormat ?? string.Empty, out var value)
            : CellValues.TryParseNumber(text, out value, out _, out _);
        return ok
            ? value
            : throw new ArgumentException($"Column '{profile.Name}' is {profile.Kind} in the schema but holds '{text}'.", nameof(profile));
    }

    /// <summary>Fits a codec on a column's cells (at least one present) and draws each row's scores.</summary>
    public static (CopulaColumnFile File, double[][] Scores) Fit(
        ColumnProfile profile, IReadOnlyList<string?> cells, int quantileCount, RandomSource random)
    {
        var values = new double[cells.Count];
        var present = new List<double>(cells.Count);
        for (var r = 0; r < cells.Count; r++)
        {
            values[r] = cells[r] is { } text ? Parse(text, profile) : double.NaN;
            if (!double.IsNaN(values[r]))
            {
                present.Add(values[r]);
            }
        }

        var sorted = present.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var missingRate = (cells.Count - n) / (double)cells.Count;
        var file = new CopulaColumnFile(
            profile.Name,
            profile.Kind,
            missingRate,
            Quantiles: Quantiles(sorted, quantileCount),
            DecimalPlaces: profile.Kind == ColumnKind.Continuous ? Math.Clamp(profile.DecimalPlaces, 0, 15) : 0,
            DatetimeFormat: profile.Kind == ColumnKind.Datetime ? profile.DatetimeFormat : null);

        var valueScores = new double[cells.Count];
        var missingScores = missingRate > 0 ? new double[cells.Count] : null;
        for (var r = 0; r < cells.Count; r++)
        {
            var x = values[r];
            if (double.IsNaN(x))
            {
                valueScores[r] = double.NaN;
                missingScores![r] = ScoreInInterval(1 - missingRate, 1, random);
                continue;
            }

            var lo = LowerBound(sorted, x);
            var hi = UpperBound(sorted, x);
            valueScores[r] = ScoreInInterval(lo / (double)n, hi / (double)n, random);
            if (missingScores is not null)
            {
                missingScores[r] = ScoreInInterval(0, 1 - missingRate, random);
            }
        }

        return (file, missingScores is null ? [valueScores] : [valueScores, missingScores]);
    }

    public override string? Decode(ReadOnlySpan<double> z)
    {
        if (z.Length == 2 && StandardNormal.Cdf(z[1]) >= 1 - File.MissingRate)
        {
            return null;
        }

        var value = Quantile(StandardNormal.Cdf(z[0]));
        return File.Kind switch
        {
            ColumnKind.Datetime => CellValues.FormatDatetime(value, File.DatetimeFormat!),
            ColumnKind.Integer => CellValues.FormatNumber(value, 0),
            _ => CellValues.FormatNumber(value, File.DecimalPlaces),
        };
    }

    /// <summary>The stored quantile function at probability <paramref name="u"/>, linear between grid points.</summary>
    internal double Quantile(double u)
    {
        var last = _quantiles.Length - 1;
        var position = Math.Clamp(u, 0, 1) * last;
        var i = Math.Min((int)position, Math.Max(last - 1, 0));
        if (last == 0)
        {
            return _quantiles[0];
        }

        var fraction = position - i;
        return _quantiles[i] + (fraction * (_quantiles[i + 1] - _quantiles[i]));
    }

    /// <summary>min(count, n - 1) + 1 type-7 quantiles at evenly spaced probabilities; min and max are kept.</summary>
    private static double[] Quantiles(double[] sorted, int count)
    {
        var k = Math.Min(count, sorted.Length - 1);
        if (k <= 0)
        {
            return [sorted[0]];
        }

        var result = new double[k + 1];
        for (var i = 0; i <= k; i++)
        {
            var position = (double)i / k * (sorted.Length - 1);
            var lo = (int)Math.Floor(position);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            result[i] = sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
        }

        result[^1] = sorted[^1];
        return result;
    }

    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
