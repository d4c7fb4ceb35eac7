using Augment.Data;

namespace Augment.Synthesis;

/// <summary>
/// Categories (missing included, as a category of its own) as consecutive intervals of [0, 1), most frequent first;
/// a value's score is drawn uniformly inside its interval, and a score decodes to the interval Φ(z) falls in.
/// </summary>
internal sealed class CategoricalCodec : ColumnCodec
{
    private readonly string?[] _categories;
    private readonly double[] _bounds;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public CategoricalCodec(CopulaColumnFile file)
        : base(file)
    {
        _categories = file.Categories ?? throw new InvalidDataException($"column '{file.Name}' has no categories");
        var frequencies = file.Frequencies ?? throw new InvalidDataException($"column '{file.Name}' has no frequencies");
        if (_categories.Length == 0 || _categories.Length != frequencies.Length)
        {
            throw new InvalidDataException($"column '{file.Name}' has {_categories.Length} categories but {frequencies.Length} frequencies");
        }

        _bounds = new double[_categories.Length + 1];
        for (var k = 0; k < _categories.Length; k++)
        {
            if (!(frequencies[k] > 0 && frequencies[k] <= 1))
            {
                throw new InvalidDataException($"column '{file.Name}' has a frequency outside (0, 1]");
            }

            if (_categories[k] is { } value && !_index.TryAdd(value, k))
            {
                throw new InvalidDataException($"column '{file.Name}' lists category '{value}' twice");
            }

            _bounds[k + 1] = _bounds[k] + frequencies[k];
        }

        if (Math.Abs(_bounds[^1] - 1) > 1e-6)
        {
            throw new InvalidDataException($"the frequencies of column '{file.Name}' do not sum to 1");
        }

        _bounds[^1] = 1;
    }

    public override int Dimensions => 1;

    /// <summary>Fits a codec on a column's cells and draws each row's score.</summary>
    public static (CopulaColumnFile File, double[] Scores) Fit(string name, ColumnKind kind, IReadOnlyList<string?> cells, RandomSource random)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = 0;
        foreach (var cell in cells)
        {
            if (cell is null)
            {
                missing++;
            }
            else
            {
                counts[cell] = counts.GetValueOrDefault(cell) + 1;
            }
        }

        var ordered = counts
            .Select(kv => (Value: (string?)kv.Key, Count: kv.Value))
            .Append((Value: null, Count: missing))
            .Where(c => c.Count > 0)
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Value is null)
            .ThenBy(c => c.Value, StringComparer.Ordinal)
            .ToList();
        var n = (double)cells.Count;
        var file = new CopulaColumnFile(
            name,
            kind,
            missing / n,
            Categories: [.. ordered.Select(c => c.Value)],
            Frequencies: [.. ordered.Select(c => c.Count / n)]);
        var codec = new CategoricalCodec(file);
        var scores = new double[cells.Count];
        for (var r = 0; r < scores.Length; r++)
        {
            var k = codec.IndexOf(cells[r]);
            scores[r] = ScoreInInterval(codec._bounds[k], codec._bounds[k + 1], random);
        }

        return (file, scores);
    }

    /// <summary>Gets the index of a category (null is the missing category), or -1.</summary>
    public int IndexOf(string? value)
    {
        if (value is not null)
        {
            return _index.TryGetValue(value, out var k) ? k : -1;
        }

        return Array.IndexOf(_categories, null);
    }

    /// <summary>Gets the probability interval of category <paramref name="k"/>.</summary>
    public (double Lo, double Hi) Interval(int k) => (_bounds[k], _bounds[k + 1]);

    public string? Category(int k) => _categories[k];

    public override string? Decode(ReadOnlySpan<double> z) => _categories[Locate(StandardNormal.Cdf(z[0]))];

    private int Locate(double u)
    {
        // The last k with bounds[k] <= u, within 0..count-1.
        var index = Array.BinarySearch(_bounds, 1, _categories.Length - 1, u);
        var k = index >= 0 ? index : ~index - 1;
        return Math.Clamp(k, 0, _categories.Length - 1);
    }
}
