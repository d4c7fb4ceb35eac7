using Augment.Data;

namespace Augment.Synthesis.Mixture;

/// <summary>
/// Maps one column's cells to small integer codes and back. Categorical, boolean and text columns: one code per
/// category (missing included). Numeric columns: value bins of about equal training mass, where a value frequent
/// enough (at least half a bin's mass) gets a point bin of its own, plus a last code for missing. A bin is decoded
/// by a uniform draw of a probability inside the bin's CDF range mapped through the column's quantile function, so
/// the sampled marginal follows the training one and no training row is stored verbatim.
/// </summary>
internal sealed class MixtureColumn
{
    private readonly Dictionary<string, int> _categoryIndex = new(StringComparer.Ordinal);
    private readonly int _missingCategory = -1;
    private readonly double[] _binHi = [];
    private readonly double[] _quantiles = [];
    private readonly string?[] _pointText = [];   // the text of each point bin, formatted once
    private readonly string[]? _integerText;      // integers min..max formatted once, when the range is small

    public MixtureColumn(MixtureColumnFile file)
    {
        File = file;
        if (string.IsNullOrWhiteSpace(file.Name))
        {
            throw new InvalidDataException("a column has no name");
        }

        if (file.Bins is { Count: > 0 } bins)
        {
            _quantiles = file.Quantiles is { Length: > 0 } q && q.All(double.IsFinite) && q.Zip(q.Skip(1)).All(p => p.First <= p.Second)
                ? q
                : throw new InvalidDataException($"the quantiles of column '{file.Name}' are not finite and ascending");
            for (var b = 0; b < bins.Count; b++)
            {
                var bin = bins[b];
                if (!(bin.Lo <= bin.Hi) || !(bin.ULo is >= 0 and <= 1) || !(bin.UHi >= bin.ULo && bin.UHi <= 1) || (b > 0 && !(bin.Lo > bins[b - 1].Hi)))
                {
                    throw new InvalidDataException($"the bins of column '{file.Name}' are not ordered and disjoint");
                }
            }

            if (file.Kind == ColumnKind.Datetime && string.IsNullOrEmpty(file.DatetimeFormat))
            {
                throw new InvalidDataException($"datetime column '{file.Name}' has no format");
            }

            _binHi = [.. bins.Select(b => b.Hi)];
            _pointText = [.. bins.Select(b => b.Lo == b.Hi ? Format(b.Lo) : null)];
            var (lo, hi) = (Math.Round(bins[0].Lo), Math.Round(bins[^1].Hi));
            if (file.Kind == ColumnKind.Integer && hi - lo <= 1 << 16)
            {
                _integerText = [.. Enumerable.Range(0, (int)(hi - lo) + 1).Select(i => Format(lo + i))];
            }

            Codes = bins.Count + (file.HasMissing ? 1 : 0);
            return;
        }

        var categories = file.Categories is { Length: > 0 } c ? c : throw new InvalidDataException($"column '{file.Name}' has neither bins nor categories");
        for (var i = 0; i < categories.Length; i++)
        {
            var fresh = categories[i] is { } text ? _categoryIndex.TryAdd(text, i) : _missingCategory < 0;
            if (!fresh)
            {
                throw new InvalidDataException($"column '{file.Name}' lists a category twice");
            }

            _missingCategory = categories[i] is null ? i : _missingCategory;
        }

        Codes = categories.Length;
    }

    public MixtureColumnFile File { get; }

    /// <summary>Gets the number of codes.</summary>
    public int Codes { get; }

    public bool IsNumeric => File.Bins is not null;

    /// <summary>Builds a column's coding from its training cells.</summary>
    public static MixtureColumnFile Fit(ColumnProfile profile, IReadOnlyList<string?> cells, int bins)
    {
        if (!profile.IsNumeric || cells.All(c => c is null))
        {
            var categories = cells
                .GroupBy(c => c ?? "\0missing")
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.First())
                .ToArray();
            return new MixtureColumnFile(profile.Name, profile.Kind, Categories: categories);
        }

        var sorted = cells.Where(c => c is not null).Select(c => Parse(c!, profile.Name, profile.Kind, profile.DatetimeFormat)).ToArray();
        Array.Sort(sorted);
        return new MixtureColumnFile(
            profile.Name,
            profile.Kind,
            Bins: MakeBins(sorted, bins),
            HasMissing: sorted.Length < cells.Count,
            Quantiles: Quantiles(sorted, 1000),
            DecimalPlaces: profile.Kind == ColumnKind.Continuous ? Math.Clamp(profile.DecimalPlaces, 0, 15) : 0,
            DatetimeFormat: profile.Kind == ColumnKind.Datetime ? profile.DatetimeFormat : null);
    }

    public static double Parse(string text, string column, ColumnKind kind, string? datetimeFormat)
    {
        var ok = kind == ColumnKind.Datetime
            ? CellValues.TryParseDatetime(text, datetimeFormat ?? string.Empty, out var value)
            : CellValues.TryParseNumber(text, out value, out _, out _);
        return ok ? value : throw new ArgumentException($"Column '{column}' is {kind} but holds '{text}'.", nameof(text));
    }

    /// <summary>The code of a cell.</summary>
    /// <exception cref="ArgumentException">An unknown category or an unparsable number.</exception>
    public int Encode(string? cell)
    {
        if (!IsNumeric)
        {
            var index = cell is null ? _missingCategory : _categoryIndex.GetValueOrDefault(cell, -1);
            return index >= 0 ? index : throw new ArgumentException($"Column '{File.Name}' has no category '{cell ?? "(missing)"}'.", nameof(cell));
        }

        if (cell is null)
        {
            return File.HasMissing ? Codes - 1 : throw new ArgumentException($"Column '{File.Name}' had no missing values when fitted.", nameof(cell));
        }

        var x = Parse(cell, File.Name, File.Kind, File.DatetimeFormat);
        var bin = Array.BinarySearch(_binHi, x);
        return Math.Min(bin >= 0 ? bin : ~bin, _binHi.Length - 1);
    }

    /// <summary>The cell of a code; a numeric bin draws its value.</summary>
    public string? Decode(int code, RandomSource random)
    {
        if (!IsNumeric)
        {
            return File.Categories![code];
        }

        if (code >= _binHi.Length)
        {
            return null;
        }

        if (_pointText[code] is { } point)
        {
            return point;
        }

        var bin = File.Bins![code];
        var value = Math.Clamp(Quantile(bin.ULo + ((bin.UHi - bin.ULo) * random.NextOpenUnit())), bin.Lo, bin.Hi);
        return _integerText is { } cached
            ? cached[(int)(Math.Round(value, MidpointRounding.AwayFromZero) - Math.Round(File.Bins[0].Lo))]
            : Format(value);
    }

    private string Format(double value) =>
        File.Kind switch
        {
            ColumnKind.Datetime => CellValues.FormatDatetime(value, File.DatetimeFormat!),
            ColumnKind.Integer => CellValues.FormatNumber(value, 0),
            _ => CellValues.FormatNumber(value, File.DecimalPlaces),
        };

    private double Quantile(double u)
    {
        var last = _quantiles.Length - 1;
        if (last == 0)
        {
            return _quantiles[0];
        }

        var position = Math.Clamp(u, 0, 1) * last;
        var i = Math.Min((int)position, last - 1);
        return _quantiles[i] + ((position - i) * (_quantiles[i + 1] - _quantiles[i]));
    }

    /// <summary>Bins of about n / count values each; runs of one value are never split, and a run of at least half a
    /// bin's mass is a point bin of its own.</summary>
    internal static List<ValueBin> MakeBins(double[] sorted, int count)
    {
        var n = sorted.Length;
        var target = Math.Max(1.0, n / (double)Math.Max(count, 1));
        var bins = new List<ValueBin>();
        var i = 0;
        while (i < n)
        {
            var runEnd = RunEnd(sorted, i);
            if (runEnd - i >= target / 2)
            {
                bins.Add(new ValueBin(sorted[i], sorted[i], i / (double)n, runEnd / (double)n));
                i = runEnd;
                continue;
            }

            var start = i;
            while (i < n && i - start < target)
            {
                runEnd = RunEnd(sorted, i);
                if (runEnd - i >= target / 2)
                {
                    break; // the next value is frequent: it gets a point bin of its own
                }

                i = runEnd;
            }

            bins.Add(new ValueBin(sorted[start], sorted[i - 1], start / (double)n, i / (double)n));
        }

        return bins;
    }

    private static int RunEnd(double[] sorted, int i)
    {
        var j = i + 1;
        while (j < sorted.Length && sorted[j] == sorted[i])
        {
            j++;
        }

        return j;
    }

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
            var lo = (int)position;
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            result[i] = sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
        }

        return result;
    }
}
