using System.Text.Json;
using Augment.Data;

namespace Augment.Synthesis.Transforms;

/// <summary>
/// The reversible table ↔ matrix transform that neural generators train on: continuous, integer and datetime columns
/// by mode-specific normalisation (a scalar in [−1, 1] and a one-hot mode of a per-column Gaussian mixture, plus a
/// present/missing pair when values are missing), categorical, boolean and text columns as one-hot groups or indices.
/// The inverse is exact for categories and keeps numbers within the training bounds. Saved as JSON for manifests.
/// </summary>
public sealed class DataTransformer
{
    private readonly ColumnTransform[] _columns;
    private readonly int[] _offsets;

    private DataTransformer(TransformFile file)
    {
        if (file.Format != TransformFile.FormatName)
        {
            throw new InvalidDataException($"it is a '{file.Format}' file, not a '{TransformFile.FormatName}' file");
        }

        if (file.Version != TransformFile.CurrentVersion)
        {
            throw new InvalidDataException($"format version {file.Version} is not supported (this build reads version {TransformFile.CurrentVersion})");
        }

        if (file.Columns is not { Count: > 0 })
        {
            throw new InvalidDataException("it has no columns");
        }

        File = file;
        _columns = [.. file.Columns.Select(ColumnTransform.FromFile)];
        if (_columns.Select(c => c.File.Name).Distinct(StringComparer.Ordinal).Count() != _columns.Length)
        {
            throw new InvalidDataException("two columns have the same name");
        }

        _offsets = new int[_columns.Length];
        var spans = new List<OutputSpan>();
        for (var c = 0; c < _columns.Length; c++)
        {
            _offsets[c] = Width;
            spans.AddRange(_columns[c].Spans.Select(s => s with { Offset = s.Offset + Width }));
            Width += _columns[c].Length;
        }

        Spans = spans;
    }

    /// <summary>Gets the persisted form (for a model manifest).</summary>
    public TransformFile File { get; }

    /// <summary>Gets the outputs of one transformed row.</summary>
    public int Width { get; }

    /// <summary>Gets the output blocks in row order; a network puts tanh on scalars and softmax on one-hot groups.</summary>
    public IReadOnlyList<OutputSpan> Spans { get; }

    /// <summary>Gets the column names in table order.</summary>
    public IReadOnlyList<string> Columns => [.. _columns.Select(c => c.File.Name)];

    /// <summary>Fits the transform on a training table.</summary>
    /// <param name="train">The rows (at least one).</param>
    /// <param name="schema">Profiles of every column of <paramref name="train"/>.</param>
    /// <param name="options">Options; <see cref="TransformOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The table is empty, a column is not in the schema, or a value does not parse as its kind.</exception>
    public static DataTransformer Fit(DataTable train, DatasetSchema schema, TransformOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= TransformOptions.Default;
        options.Validate();
        if (train.RowCount == 0 || train.Columns.Count == 0)
        {
            throw new ArgumentException("The training table has no rows or no columns.", nameof(train));
        }

        var random = new RandomSource(options.Seed);
        var columns = new List<ColumnTransformFile>(train.Columns.Count);
        for (var c = 0; c < train.Columns.Count; c++)
        {
            var name = train.Columns[c];
            var profile = schema.Find(name) ?? throw new ArgumentException($"Column '{name}' is not in the schema.", nameof(schema));
            var cells = train.Column(c);
            columns.Add(profile.IsNumeric && cells.Any(v => v is not null)
                ? NumericColumnTransform.Fit(profile, cells, options, random)
                : CategoricalColumnTransform.Fit(profile, cells, options.Categories));
        }

        return new DataTransformer(new TransformFile(TransformFile.FormatName, TransformFile.CurrentVersion, columns));
    }

    /// <summary>Rebuilds a transformer from its persisted form.</summary>
    /// <exception cref="InvalidDataException">The form is not a valid transform of a supported version.</exception>
    public static DataTransformer FromFile(TransformFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return new DataTransformer(file);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The transform is not valid: {ex.Message}.", ex);
        }
        catch (Exception ex) when (ex is NullReferenceException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("The transform is not valid: required members are missing or inconsistent.", ex);
        }
    }

    /// <summary>Loads a transformer written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid transform file.</exception>
    public static DataTransformer Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        TransformFile? file;
        try
        {
            file = JsonSerializer.Deserialize(source, TransformJsonContext.Default.TransformFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The transform is not valid: it is not transform JSON ({ex.Message.Split('\n')[0]}).", ex);
        }

        return FromFile(file ?? throw new InvalidDataException("The transform is not valid: it is empty (null)."));
    }

    /// <summary>Writes the transformer as JSON.</summary>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JsonSerializer.Serialize(destination, File, TransformJsonContext.Default.TransformFile);
    }

    /// <summary>Transforms a table with the fitted columns (same names, same order) into a row-major matrix of
    /// <c>rows × <see cref="Width"/></c>; each value's mode is drawn from its posterior with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The columns differ, a category is unknown or a value does not parse.</exception>
    public float[] Transform(DataTable table, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Columns.SequenceEqual(Columns, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The table's columns ({string.Join(", ", table.Columns)}) are not the fitted ones ({string.Join(", ", Columns)}).", nameof(table));
        }

        var random = new RandomSource(seed);
        var data = new float[(long)table.RowCount * Width];
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = data.AsSpan(r * Width, Width);
            for (var c = 0; c < _columns.Length; c++)
            {
                _columns[c].Encode(table[r, c], row.Slice(_offsets[c], _columns[c].Length), random);
            }
        }

        return data;
    }

    /// <summary>Turns a row-major matrix (generator outputs: any real numbers) back into a table: argmax of every
    /// one-hot group, scalars clipped to [−1, 1], numbers kept within the training bounds.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Width"/>.</exception>
    public DataTable InverseTransform(ReadOnlySpan<float> data)
    {
        if (data.Length % Width != 0)
        {
            throw new ArgumentException($"The data has {data.Length} values, not a multiple of the row width {Width}.", nameof(data));
        }

        var rows = data.Length / Width;
        var cells = new string?[_columns.Length][];
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = new string?[rows];
        }

        if (rows <= DecodeBlockRows)
        {
            DecodeRows(data, 0, rows, cells);
        }
        else
        {
            // Decoding is pure, so blocks of rows are decoded on all cores; a span cannot enter a lambda, an array can.
            var copy = data.ToArray();
            Parallel.For(0, (rows + DecodeBlockRows - 1) / DecodeBlockRows, b =>
                DecodeRows(copy, b * DecodeBlockRows, Math.Min(rows, (b + 1) * DecodeBlockRows), cells));
        }

        return DataTable.FromColumns(Columns, cells);
    }

    private const int DecodeBlockRows = 4096;

    private void DecodeRows(ReadOnlySpan<float> data, int from, int to, string?[][] cells)
    {
        for (var r = from; r < to; r++)
        {
            var row = data.Slice(r * Width, Width);
            for (var c = 0; c < _columns.Length; c++)
            {
                cells[c][r] = _columns[c].Decode(row.Slice(_offsets[c], _columns[c].Length));
            }
        }
    }
}
