using Augment.Data;

namespace Augment.Synthesis.Transforms;

/// <summary>
/// Mode-specific normalisation (CTGAN): a value x is assigned a mode k of the column's Gaussian mixture (drawn from
/// the posterior p(k | x)), and encoded as the scalar α = (x − μₖ) / (4σₖ) clipped to [−1, 1] plus the one-hot of k.
/// A missing value sets the missing indicator and leaves α = 0 in the heaviest mode. The inverse rounds integers,
/// writes the column's decimal places or datetime format, and keeps values inside the training [min, max].
/// </summary>
internal sealed class NumericColumnTransform : ColumnTransform
{
    private readonly GaussianMixture1D _mixture;
    private readonly int _heaviest;

    public NumericColumnTransform(ColumnTransformFile file)
        : base(file)
    {
        _mixture = file.Mixture ?? throw new InvalidDataException($"column '{file.Name}' has no mixture");
        var k = _mixture.Weights?.Length ?? 0;
        if (k == 0 || _mixture.Means?.Length != k || _mixture.StandardDeviations?.Length != k
            || _mixture.StandardDeviations.Any(s => !(s > 0) || !double.IsFinite(s))
            || _mixture.Means.Any(m => !double.IsFinite(m)) || _mixture.Weights!.Any(w => !(w >= 0)))
        {
            throw new InvalidDataException($"column '{file.Name}' has an inconsistent mixture");
        }

        if (!(file.Min <= file.Max) || !double.IsFinite(file.Min) || !double.IsFinite(file.Max))
        {
            throw new InvalidDataException($"column '{file.Name}' has invalid bounds");
        }

        if (file.Kind == ColumnKind.Datetime && string.IsNullOrEmpty(file.DatetimeFormat))
        {
            throw new InvalidDataException($"datetime column '{file.Name}' has no format");
        }

        _heaviest = Array.IndexOf(_mixture.Weights!, _mixture.Weights!.Max());
        List<OutputSpan> spans =
        [
            new(file.Name, SpanKind.Scalar, 0, 1, "value"),
            new(file.Name, SpanKind.OneHot, 1, k, "mode"),
        ];
        if (file.HasMissing)
        {
            spans.Add(new OutputSpan(file.Name, SpanKind.OneHot, 1 + k, 2, "missing"));
        }

        Spans = spans;
    }

    public override IReadOnlyList<OutputSpan> Spans { get; }

    public static ColumnTransformFile Fit(ColumnProfile profile, IReadOnlyList<string?> cells, TransformOptions options, RandomSource random)
    {
        var present = new List<double>(cells.Count);
        foreach (var cell in cells)
        {
            if (cell is not null)
            {
                present.Add(Parse(cell, profile.Name, profile.Kind, profile.DatetimeFormat));
            }
        }

        var sample = present.Count <= options.MaxFitValues
            ? present.ToArray()
            : [.. Enumerable.Range(0, options.MaxFitValues).Select(_ => present[(int)(random.NextUInt64() % (ulong)present.Count)])];
        var mixture = GaussianMixture1D.Fit(sample, options.MaxModes, options.PruneBelow, options.Seed);
        return new ColumnTransformFile(
            profile.Name,
            profile.Kind,
            HasMissing: present.Count < cells.Count,
            Mixture: mixture,
            Min: present.Min(),
            Max: present.Max(),
            DecimalPlaces: profile.Kind == ColumnKind.Continuous ? Math.Clamp(profile.DecimalPlaces, 0, 15) : 0,
            DatetimeFormat: profile.Kind == ColumnKind.Datetime ? profile.DatetimeFormat : null);
    }

    /// <summary>Reads a cell as a number (Unix seconds for a datetime).</summary>
    /// <exception cref="ArgumentException">The cell does not parse as the column's kind.</exception>
    public static double Parse(string text, string column, ColumnKind kind, string? datetimeFormat)
    {
        var ok = kind == ColumnKind.Datetime
            ? CellValues.TryParseDatetime(text, datetimeFormat ?? string.Empty, out var value)
            : CellValues.TryParseNumber(text, out value, out _, out _);
        return ok ? value : throw new ArgumentException($"Column '{column}' is {kind} but holds '{text}'.", nameof(text));
    }

    public override void Encode(string? cell, Span<float> row, RandomSource random)
    {
        var k = _mixture.Modes;
        if (cell is null)
        {
            row[1 + _heaviest] = 1;
            row[1 + k + 1] = File.HasMissing ? 1 : throw new ArgumentException($"Column '{File.Name}' had no missing values when fitted.", nameof(cell));
            return;
        }

        var x = Parse(cell, File.Name, File.Kind, File.DatetimeFormat);
        Span<double> posterior = stackalloc double[k];
        _mixture.Posterior(x, posterior);
        var u = random.NextOpenUnit();
        var mode = 0;
        for (double acc = posterior[0]; mode < k - 1 && acc < u; acc += posterior[++mode])
        {
        }

        row[0] = (float)Math.Clamp((x - _mixture.Means[mode]) / (4 * _mixture.StandardDeviations[mode]), -1, 1);
        row[1 + mode] = 1;
        if (File.HasMissing)
        {
            row[1 + k] = 1;
        }
    }

    public override string? Decode(ReadOnlySpan<float> row)
    {
        var k = _mixture.Modes;
        if (File.HasMissing && row[1 + k + 1] > row[1 + k])
        {
            return null;
        }

        var mode = ArgMax(row.Slice(1, k));
        var alpha = float.IsNaN(row[0]) ? 0 : Math.Clamp(row[0], -1f, 1f);
        var value = Math.Clamp((alpha * 4 * _mixture.StandardDeviations[mode]) + _mixture.Means[mode], File.Min, File.Max);
        return File.Kind switch
        {
            ColumnKind.Datetime => CellValues.FormatDatetime(value, File.DatetimeFormat!),
            ColumnKind.Integer => CellValues.FormatNumber(value, 0),
            _ => CellValues.FormatNumber(value, File.DecimalPlaces),
        };
    }
}
