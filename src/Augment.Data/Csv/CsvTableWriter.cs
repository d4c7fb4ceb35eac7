using CsvHelper;

namespace Augment.Data;

/// <summary>Writes a table with CsvHelper: UTF-8 without BOM, LF line ends, a field quoted only when it must be.</summary>
internal static class CsvTableWriter
{
    /// <summary>
    /// Quoted: fields with a comma, a quote, CR or LF (RFC 4180), and fields that start or end with a space or a
    /// tab (readers that trim would lose it). Everything else is written bare, so a plain cell's bytes are unchanged.
    /// </summary>
    internal static readonly CsvWriterOptions Options = new()
    {
        Mode = CsvMode.Rfc4180,
        Separator = ',',
        NewLine = "\n",
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        Injection = CsvInjection.None,
        WriteByteOrderMark = false,
        ValidateFieldCount = true,
    };

    public static async Task WriteAsync(Stream stream, DataTable table, CancellationToken cancellationToken)
    {
        var writer = await CsvRowWriter.CreateAsync(stream, table.Columns, cancellationToken);
        await using (writer)
        {
            await writer.WriteAsync(table, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }
    }
}
