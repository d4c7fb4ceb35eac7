using Augment.Data;

namespace Augment.Evaluation.Internal;

/// <summary>
/// Turns tables into numbers with parameters learned from one reference table (the real training rows): numeric and
/// datetime columns as doubles (NaN = missing or unparsable), every other column as category codes ordered by the
/// reference's frequency (missing is a category of its own; a value the reference never had is code -1).
/// </summary>
internal sealed class TableCodec
{
    private const string MissingKey = "\0missing";

    private TableCodec(IReadOnlyList<CodecColumn> columns)
    {
        Columns = columns;
        NumericColumns = columns.Where(c => c.IsNumeric).ToArray();
        CategoricalColumns = columns.Where(c => !c.IsNumeric).ToArray();
    }

    public IReadOnlyList<CodecColumn> Columns { get; }

    public IReadOnlyList<CodecColumn> NumericColumns { get; }

    public IReadOnlyList<CodecColumn> CategoricalColumns { get; }

    /// <summary>Learns ranges, moments and category codes from <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference (real) rows.</param>
    /// <param name="schema">The schema of the reference.</param>
    /// <param name="exclude">Columns to leave out (e.g. the target for features).</param>
    public static TableCodec Fit(DataTable reference, DatasetSchema schema, IEnumerable<string>? exclude = null)
    {
        var skip = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        var columns = new List<CodecColumn>();
        foreach (var profile in schema.Columns)
        {
            if (skip.Contains(profile.Name))
            {
                continue;
            }

            var index = Require(reference, profile.Name);
            var cells = reference.Column(index);
            if (profile.IsNumeric)
            {
                var values = cells.Select(c => CellNumbers.Parse(c, profile)).Where(double.IsFinite).ToArray();
                var min = values.Length == 0 ? 0 : values.Min();
                var max = values.Length == 0 ? 0 : values.Max();
                var mean = values.Length == 0 ? 0 : values.Average();
                var std = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                columns.Add(new CodecColumn(profile, true, min, max, mean, std, [], new Dictionary<string, int>()));
            }
            else
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var cell in cells)
                {
                    var key = cell ?? MissingKey;
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                var ordered = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
                var codes = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < ordered.Length; i++)
                {
                    codes[ordered[i].Key] = i;
                }

                var names = ordered.Select(p => p.Key == MissingKey ? "(missing)" : p.Key).ToArray();
                var total = Math.Max(1, reference.RowCount);
                var frequencies = ordered.Select(p => (double)p.Value / total).ToArray();
                columns.Add(new CodecColumn(profile, false, 0, 0, 0, 0, names, codes) { Frequencies = frequencies });
            }
        }

        return new TableCodec(columns);
    }

    /// <summary>Encodes a table that has (at least) the reference's columns, matched by name.</summary>
    /// <exception cref="ArgumentException">A column is missing.</exception>
    public EncodedTable Encode(DataTable table)
    {
        var numeric = new double[NumericColumns.Count][];
        var codes = new int[CategoricalColumns.Count][];
        for (var j = 0; j < NumericColumns.Count; j++)
        {
            var column = NumericColumns[j];
            var cells = table.Column(Require(table, column.Name));
            var values = new double[table.RowCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = CellNumbers.Parse(cells[i], column.Profile);
            }

            numeric[j] = values;
        }

        for (var j = 0; j < CategoricalColumns.Count; j++)
        {
            var column = CategoricalColumns[j];
            var cells = table.Column(Require(table, column.Name));
            var values = new int[table.RowCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = column.Codes.TryGetValue(cells[i] ?? MissingKey, out var code) ? code : -1;
            }

            codes[j] = values;
        }

        return new EncodedTable(table.RowCount, numeric, codes);
    }

    /// <summary>The index of a column, or a one-line error naming it.</summary>
    public static int Require(DataTable table, string name)
    {
        var index = table.IndexOf(name);
        return index >= 0 ? index : throw new ArgumentException($"The table has no column named '{name}'.", nameof(table));
    }
}

/// <summary>What the codec learned about one column.</summary>
internal sealed record CodecColumn(
    ColumnProfile Profile,
    bool IsNumeric,
    double Min,
    double Max,
    double Mean,
    double Std,
    string[] Categories,
    Dictionary<string, int> Codes)
{
    public string Name => Profile.Name;

    /// <summary>Reference frequency of each category code (categorical columns only).</summary>
    public double[] Frequencies { get; init; } = [];

    /// <summary>Max − min, or 1 when the column is constant (so scaling never divides by zero).</summary>
    public double Range => Max > Min ? Max - Min : 1;
}

/// <summary>A table as numbers: <see cref="Numeric"/>[column][row] (NaN = missing) and <see cref="Codes"/>[column][row].</summary>
internal sealed record EncodedTable(int Rows, double[][] Numeric, int[][] Codes);
