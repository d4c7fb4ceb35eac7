using System.Text;
using CsvHelper;

namespace Augment.Data;

/// <summary>
/// Reads a CSV file one row at a time, for passes that do not need the whole table in memory (Merge copies rows
/// straight from one blob to another). It applies exactly the checks of <see cref="CsvTable.ReadAsync"/> (encoding,
/// header, field count, row limit, cell length, UTF-8 and control characters) with the same one-line errors, since both
/// share one reader; unlike it, a header with no rows is not an error here.
/// </summary>
public sealed class CsvRowReader : IAsyncDisposable
{
    private readonly CsvReader _reader;
    private readonly Stream? _transcoded;
    private readonly CsvReadOptions _options;
    private readonly Encoding _found;
    private readonly string[] _header;

    private CsvRowReader(CsvReader reader, Stream? transcoded, CsvReadOptions options, Encoding found, string[] header)
    {
        _reader = reader;
        _transcoded = transcoded;
        _options = options;
        _found = found;
        _header = header;
    }

    /// <summary>Gets the column names of the header, in order.</summary>
    public IReadOnlyList<string> Columns => _header;

    /// <summary>Gets the number of data rows read so far.</summary>
    public int RowCount { get; private set; }

    /// <summary>Opens a CSV stream and reads its header.</summary>
    /// <param name="stream">The CSV bytes; left open.</param>
    /// <param name="options">Limits; <see cref="CsvReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DataFormatException">The file is empty or its header is not valid.</exception>
    public static async Task<CsvRowReader> OpenAsync(Stream stream, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CsvReadOptions.Default;
        options.Validate();
        var (utf8, found) = await CsvEncoding.ToUtf8Async(stream, cancellationToken);
        var transcoded = ReferenceEquals(utf8, stream) ? null : utf8;
        var reader = CsvReader.Create(utf8, CsvTableReader.ParserOptions(options), leaveOpen: true);
        try
        {
            var header = await Guard(() => CsvTableReader.ReadHeaderAsync(reader, options, cancellationToken), options, found);
            return new CsvRowReader(reader, transcoded, options, found, header);
        }
        catch
        {
            await reader.DisposeAsync();
            if (transcoded is not null)
            {
                await transcoded.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Reads the next row into <paramref name="row"/>, one cell per column (empty is null); false at the end.</summary>
    /// <param name="row">An array of <see cref="Columns"/>.Count cells, overwritten.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DataFormatException">The row is not valid (the same one-line errors as a whole-table read).</exception>
    public async ValueTask<bool> ReadAsync(string?[] row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Length != _header.Length)
        {
            throw new ArgumentException($"The row array has {row.Length} cells; the header has {_header.Length} columns.", nameof(row));
        }

        bool read;
        try
        {
            read = await CsvTableReader.ReadRowAsync(_reader, row, RowCount, _options, cancellationToken);
        }
        catch (CsvFormatException ex)
        {
            throw CsvTableReader.Translate(ex, _options);
        }
        catch (DecoderFallbackException ex)
        {
            throw CsvTable.NotItsEncoding(_found, ex);
        }

        if (read)
        {
            RowCount++;
        }

        return read;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        if (_transcoded is not null)
        {
            await _transcoded.DisposeAsync();
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> read, CsvReadOptions options, Encoding found)
    {
        try
        {
            return await read();
        }
        catch (CsvFormatException ex)
        {
            throw CsvTableReader.Translate(ex, options);
        }
        catch (DecoderFallbackException ex)
        {
            throw CsvTable.NotItsEncoding(found, ex);
        }
    }
}
