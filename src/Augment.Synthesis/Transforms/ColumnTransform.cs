using Augment.Data;

namespace Augment.Synthesis.Transforms;

/// <summary>Encodes one column into its output spans and decodes them back to cell text.</summary>
internal abstract class ColumnTransform(ColumnTransformFile file)
{
    public ColumnTransformFile File { get; } = file;

    /// <summary>Gets the column's spans with offsets relative to the column's first output.</summary>
    public abstract IReadOnlyList<OutputSpan> Spans { get; }

    /// <summary>Gets the outputs the column takes in a row.</summary>
    public int Length => Spans.Sum(s => s.Length);

    /// <summary>Writes the outputs of one cell into <paramref name="row"/> (length <see cref="Length"/>, zeroed).</summary>
    public abstract void Encode(string? cell, Span<float> row, RandomSource random);

    /// <summary>Reads a cell back from its outputs (argmax of one-hot groups, clipping of scalars).</summary>
    public abstract string? Decode(ReadOnlySpan<float> row);

    public static ColumnTransform FromFile(ColumnTransformFile file)
    {
        if (string.IsNullOrWhiteSpace(file.Name))
        {
            throw new InvalidDataException("a column has no name");
        }

        return file.IsNumeric ? new NumericColumnTransform(file) : new CategoricalColumnTransform(file);
    }

    protected static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}

/// <summary>Categories (missing included) as a one-hot group or an index; the inverse is exact.</summary>
internal sealed class CategoricalColumnTransform : ColumnTransform
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly int _missingIndex = -1;

    public CategoricalColumnTransform(ColumnTransformFile file)
        : base(file)
    {
        var categories = file.Categories is { Length: > 0 } c ? c : throw new InvalidDataException($"column '{file.Name}' has no categories");
        for (var i = 0; i < categories.Length; i++)
        {
            var fresh = categories[i] is { } text ? _index.TryAdd(text, i) : _missingIndex < 0;
            if (!fresh)
            {
                throw new InvalidDataException($"column '{file.Name}' lists a category twice");
            }

            if (categories[i] is null)
            {
                _missingIndex = i;
            }
        }

        Spans = [new OutputSpan(file.Name, file.Encoding == CategoryEncoding.Index ? SpanKind.Index : SpanKind.OneHot, 0, categories.Length, "category")];
    }

    public override IReadOnlyList<OutputSpan> Spans { get; }

    public static ColumnTransformFile Fit(ColumnProfile profile, IReadOnlyList<string?> cells, CategoryEncoding encoding)
    {
        // Most frequent first, ties by ordinal text; missing (null) is a category of its own.
        var categories = cells
            .GroupBy(c => c ?? "\0missing")
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToArray();
        return new ColumnTransformFile(profile.Name, profile.Kind, Categories: categories, Encoding: encoding);
    }

    public override void Encode(string? cell, Span<float> row, RandomSource random)
    {
        var index = cell is null ? _missingIndex : _index.GetValueOrDefault(cell, -1);
        if (index < 0)
        {
            throw new ArgumentException($"Column '{File.Name}' has no category '{cell ?? "(missing)"}' in the fitted transform.", nameof(cell));
        }

        if (File.Encoding == CategoryEncoding.Index)
        {
            row[0] = index;
        }
        else
        {
            row[index] = 1;
        }
    }

    public override string? Decode(ReadOnlySpan<float> row)
    {
        var count = File.Categories!.Length;
        var index = File.Encoding == CategoryEncoding.Index
            ? (int)Math.Clamp(MathF.Round(float.IsNaN(row[0]) ? 0 : row[0]), 0, count - 1)
            : ArgMax(row[..count]);
        return File.Categories[index];
    }
}
