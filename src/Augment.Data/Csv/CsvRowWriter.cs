using CsvHelper;

namespace Augment.Data;

/// <summary>
/// Writes a CSV file one row at a time, in exactly the form of <see cref="CsvTable.WriteAsync"/> (UTF-8 without BOM, LF
/// line ends, a field quoted only when it must be): Merge streams real rows, then synthetic rows, into augmented.csv
/// without building the joined table.
/// </summary>
public sealed class CsvRowWriter : IAsyncDisposable
{
    private readonly CsvWriter _writer;
    private readonly int _width;

    private CsvRowWriter(CsvWriter writer, int width)
    {
        _writer = writer;
        _width = width;
    }

    /// <summary>Gets the number of data rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Starts a CSV on <paramref name="stream"/> and writes its header.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="columns">The column names.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task<CsvRowWriter> CreateAsync(Stream stream, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(columns);
        var writer = CsvWriter.Create(stream, CsvTableWriter.Options, leaveOpen: true);
        foreach (var name in columns)
        {
            writer.WriteField(name);
        }

        await writer.EndRecordAsync(cancellationToken);
        return new CsvRowWriter(writer, columns.Count);
    }

    /// <summary>Writes one row; a null cell is written as an empty field.</summary>
    /// <param name="row">One cell per column.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async ValueTask WriteAsync(IReadOnlyList<string?> row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Count != _width)
        {
            throw new ArgumentException($"The row has {row.Count} cells; the header has {_width} columns.", nameof(row));
        }

        for (var c = 0; c < row.Count; c++)
        {
            _writer.WriteField(row[c] ?? string.Empty);
        }

        await _writer.EndRecordAsync(cancellationToken);
        RowCount++;
    }

    /// <summary>Writes every row of <paramref name="table"/>, whose header must be this file's.</summary>
    /// <param name="table">The rows.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(DataTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Columns.Count != _width)
        {
            throw new ArgumentException($"The table has {table.Columns.Count} columns; the header has {_width}.", nameof(table));
        }

        var columns = new string?[_width][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = table.RawColumn(c);
        }

        for (var r = 0; r < table.RowCount; r++)
        {
            foreach (var column in columns)
            {
                _writer.WriteField(column[r] ?? string.Empty);
            }

            await _writer.EndRecordAsync(cancellationToken);
        }

        RowCount += table.RowCount;
    }

    /// <summary>Flushes what is buffered to the stream.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}
