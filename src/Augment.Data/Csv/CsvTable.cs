using System.Text;

namespace Augment.Data;

/// <summary>
/// Reads and writes <see cref="DataTable"/>s as CSV (RFC 4180) with CsvHelper. Reading accepts UTF-8 with or
/// without a BOM, UTF-16 with or without one and UTF-32 with one (transcoded, see <see cref="CsvEncoding"/>), CRLF or
/// LF line ends, and requires a header; writing produces UTF-8 without a BOM, LF line
/// ends, and quotes a field only when it must.
/// </summary>
public static class CsvTable
{
    /// <summary>Reads a CSV table from a stream, streaming it (the file is never held as one string).</summary>
    /// <param name="stream">The CSV bytes; left open.</param>
    /// <param name="options">Limits; <see cref="CsvReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table; empty fields become <see langword="null"/> (missing).</returns>
    /// <exception cref="DataFormatException">The bytes are not a CSV table with a header and at least one row.</exception>
    public static async Task<DataTable> ReadAsync(Stream stream, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CsvReadOptions.Default;
        options.Validate();
        var (utf8, found) = await CsvEncoding.ToUtf8Async(stream, cancellationToken);
        try
        {
            return await CsvTableReader.ReadAsync(utf8, options, cancellationToken);
        }
        catch (DecoderFallbackException ex)
        {
            throw NotItsEncoding(found, ex);
        }
        finally
        {
            if (!ReferenceEquals(utf8, stream))
            {
                await utf8.DisposeAsync();
            }
        }
    }

    /// <summary>The one-line error of a file whose bytes break the encoding its first bytes showed.</summary>
    internal static DataFormatException NotItsEncoding(Encoding found, DecoderFallbackException ex) =>
        new($"the file starts like {found.EncodingName} text but holds bytes that are not; save it as UTF-8 CSV.", ex);

    /// <summary>Writes a table as CSV: UTF-8 without BOM, LF line ends, a field quoted only when it must be.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="table">The table; a missing value is written as an empty field.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteAsync(Stream stream, DataTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(table);
        return CsvTableWriter.WriteAsync(stream, table, cancellationToken);
    }
}
