using CsvHelper;

namespace Augment.Data;

/// <summary>Writes a table with CsvHelper: UTF-8 without BOM, LF line ends, a field quoted only when it must be.</summary>
internal static class CsvTableWriter
{
    /// <summary>
    /// Quoted: fields with a comma, a quote, CR or LF (RFC 4180), and fields that start or end with a space or a
    /// tab (readers that trim would lose it). Everything else is written bare, so a plain cell's bytes are unchanged.
    /// </summary>
    private static readonly CsvWriterOptions Options = new()
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
        var csv = CsvWriter.Create(stream, Options, leaveOpen: true);
        await using (csv)
        {
            foreach (var name in table.Columns)
            {
                csv.WriteField(name);
            }

            await csv.EndRecordAsync(cancellationToken);
            var columns = new string?[table.Columns.Count][];
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c] = table.RawColumn(c);
            }

            for (var r = 0; r < table.RowCount; r++)
            {
                foreach (var column in columns)
                {
                    csv.WriteField(column[r] ?? string.Empty);
                }

                await csv.EndRecordAsync(cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }
    }
}
