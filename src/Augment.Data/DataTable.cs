using System.Collections.ObjectModel;

namespace Augment.Data;

/// <summary>
/// An immutable, column-oriented table of raw text cells. A missing value is <see langword="null"/>; every other
/// value is kept exactly as the source text so that real rows are written back as they were parsed.
/// </summary>
public sealed class DataTable
{
    private readonly string[] _columns;
    private readonly string?[][] _cells;
    private readonly Dictionary<string, int> _index;

    private DataTable(string[] columns, string?[][] cells, int rowCount)
    {
        _columns = columns;
        _cells = cells;
        RowCount = rowCount;
        _index = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            _index[columns[i]] = i;
        }
    }

    /// <summary>Gets the column names, in order.</summary>
    public IReadOnlyList<string> Columns => Array.AsReadOnly(_columns);

    /// <summary>Gets the number of data rows (the header is not a row).</summary>
    public int RowCount { get; }

    /// <summary>Gets the cell at a 0-based row and column; <see langword="null"/> when the value is missing.</summary>
    /// <param name="row">The 0-based row index.</param>
    /// <param name="column">The 0-based column index.</param>
    public string? this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
            return _cells[column][row];
        }
    }

    /// <summary>Gets a read-only view of one column's cells.</summary>
    /// <param name="index">The 0-based column index.</param>
    public IReadOnlyList<string?> Column(int index) => new ReadOnlyCollection<string?>(_cells[index]);

    /// <summary>Gets the 0-based index of a column by its exact (ordinal) name, or -1 when there is none.</summary>
    /// <param name="name">The column name.</param>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>
    /// Creates a table from column names and one array of cells per column. The arrays are copied.
    /// </summary>
    /// <param name="names">Unique, non-empty column names.</param>
    /// <param name="columns">One array per name, all of the same length.</param>
    /// <exception cref="ArgumentException">Names are empty or duplicated, or the arrays do not match.</exception>
    public static DataTable FromColumns(IReadOnlyList<string> names, IReadOnlyList<string?[]> columns)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        var copies = new string?[columns.Count][];
        for (var i = 0; i < columns.Count; i++)
        {
            copies[i] = (string?[])(columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns))).Clone();
        }

        return Create(names.ToArray(), copies);
    }

    /// <summary>Creates a table that owns the given arrays (no copy); used by readers and generators.</summary>
    internal static DataTable Create(string[] names, string?[][] columns)
    {
        if (names.Length != columns.Length)
        {
            throw new ArgumentException($"There are {names.Length} names but {columns.Length} columns.", nameof(columns));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("Column names must not be empty.", nameof(names));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"Column name '{name}' is duplicated.", nameof(names));
            }
        }

        var rows = columns.Length == 0 ? 0 : columns[0].Length;
        foreach (var column in columns)
        {
            if (column.Length != rows)
            {
                throw new ArgumentException("All columns must have the same number of rows.", nameof(columns));
            }
        }

        return new DataTable(names, columns, rows);
    }

    /// <summary>Returns a new table with the given rows, in the given order (indices may repeat).</summary>
    /// <param name="rows">0-based row indices.</param>
    public DataTable SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new string?[_cells.Length][];
        for (var c = 0; c < _cells.Length; c++)
        {
            var source = _cells[c];
            var target = new string?[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                var index = rows[r];
                if ((uint)index >= (uint)RowCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(rows), $"Row index {index} is outside 0..{RowCount - 1}.");
                }

                target[r] = source[index];
            }

            result[c] = target;
        }

        return new DataTable(_columns, result, rows.Count);
    }

    /// <summary>Returns a new table with the given columns, in the given order.</summary>
    /// <param name="columns">0-based column indices, each at most once.</param>
    /// <exception cref="ArgumentException">An index is outside the table or repeats.</exception>
    public DataTable SelectColumns(IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Any(c => (uint)c >= (uint)_cells.Length))
        {
            throw new ArgumentException($"A column index is outside 0..{_cells.Length - 1}.", nameof(columns));
        }

        return Create([.. columns.Select(c => _columns[c])], [.. columns.Select(c => _cells[c])]);
    }

    /// <summary>Returns the rows of <paramref name="a"/> followed by the rows of <paramref name="b"/>.</summary>
    /// <param name="a">The first table.</param>
    /// <param name="b">The second table; it must have exactly the same column names in the same order.</param>
    /// <exception cref="ArgumentException">The headers differ.</exception>
    public static DataTable Concat(DataTable a, DataTable b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a._columns.AsSpan().SequenceEqual(b._columns))
        {
            throw new ArgumentException("Both tables must have the same header to be concatenated.", nameof(b));
        }

        var result = new string?[a._cells.Length][];
        for (var c = 0; c < result.Length; c++)
        {
            result[c] = [.. a._cells[c], .. b._cells[c]];
        }

        return new DataTable(a._columns, result, a.RowCount + b.RowCount);
    }

    /// <summary>
    /// Returns the rows of every table in order, in one pass: each cell reference is copied once, so joining n shards costs
    /// their total size (appending them one at a time with <see cref="Concat(DataTable, DataTable)"/> re-copies the rows
    /// joined so far at every step, which is quadratic in the shard count).
    /// </summary>
    /// <param name="tables">At least one table; all must have exactly the same column names in the same order.</param>
    /// <exception cref="ArgumentException">There is no table, or the headers differ.</exception>
    public static DataTable Concat(IReadOnlyList<DataTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
        {
            throw new ArgumentException("At least one table is needed.", nameof(tables));
        }

        var first = tables[0] ?? throw new ArgumentException("Table 0 is null.", nameof(tables));
        long rows = 0;
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t] ?? throw new ArgumentException($"Table {t} is null.", nameof(tables));
            if (!first._columns.AsSpan().SequenceEqual(table._columns))
            {
                throw new ArgumentException($"Table {t} has another header; all tables must have the same header to be concatenated.", nameof(tables));
            }

            rows += table.RowCount;
        }

        if (rows > Array.MaxLength)
        {
            throw new ArgumentException($"The tables hold {rows:N0} rows together, more than one table can hold.", nameof(tables));
        }

        var result = new string?[first._cells.Length][];
        for (var c = 0; c < result.Length; c++)
        {
            var target = new string?[rows];
            var at = 0;
            foreach (var table in tables)
            {
                table._cells[c].AsSpan(0, table.RowCount).CopyTo(target.AsSpan(at));
                at += table.RowCount;
            }

            result[c] = target;
        }

        return new DataTable(first._columns, result, (int)rows);
    }

    /// <summary>Gets the backing array of a column without copying (callers must not mutate it).</summary>
    internal string?[] RawColumn(int index) => _cells[index];
}
