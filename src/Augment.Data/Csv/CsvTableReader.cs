using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Augment.Data;

/// <summary>One streaming read of a CSV table: CsvHelper parses, this class validates and collects columns.</summary>
internal static class CsvTableReader
{
    public static async Task<DataTable> ReadAsync(Stream stream, CsvReadOptions options, CancellationToken cancellationToken)
    {
        var reader = CsvReader.Create(stream, ParserOptions(options), leaveOpen: true);
        await using (reader)
        {
            try
            {
                return await ReadTableAsync(reader, options, cancellationToken);
            }
            catch (CsvFormatException ex)
            {
                throw Translate(ex, options);
            }
        }
    }

    /// <summary>CsvHelper's parser settings: RFC 4180, no header handling (this class reads it), malformed rows reported.</summary>
    internal static CsvReaderOptions ParserOptions(CsvReadOptions options) => new()
    {
        Mode = CsvMode.Rfc4180,
        Separator = ',',
        HasHeader = false,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrimWhitespace = false,
        TrackLineNumbers = true,
        PoolStrings = true,
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        OnMalformedRecord = OnMalformed,
        MaxRecordSize = MaxRecordBytes(options),
    };

    /// <summary>A row may hold a few cells at the cell limit; past this the reader stops growing its buffer.</summary>
    internal static int MaxRecordBytes(CsvReadOptions options) =>
        (int)Math.Min(int.MaxValue / 2, (4L * options.MaxCellLength) + (64 * 1024));

    /// <summary>Reads the first record as the header; the one-line error of an empty file otherwise.</summary>
    internal static async Task<string[]> ReadHeaderAsync(CsvReader reader, CsvReadOptions options, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new DataFormatException("The file is empty; expected a header line followed by data rows.");
        }

        return ReadHeader(reader, options);
    }

    /// <summary>
    /// Reads the next data row into <paramref name="row"/> (one cell per header column), checking the field count, the
    /// row limit and every cell; false at the end of the file. <paramref name="rowsSoFar"/> is the number of data rows
    /// read before this one.
    /// </summary>
    internal static async ValueTask<bool> ReadRowAsync(CsvReader reader, string?[] row, int rowsSoFar, CsvReadOptions options, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        var line = reader.LineNumber;
        if (reader.FieldCount != row.Length)
        {
            throw new DataFormatException(
                $"expected {row.Length} fields as in the header but found {reader.FieldCount}.", line, null);
        }

        if (rowsSoFar == options.MaxRows)
        {
            throw new DataFormatException($"the file has more than {options.MaxRows:N0} data rows, the most accepted.", line, null) { Limit = CsvLimit.Rows };
        }

        for (var c = 0; c < row.Length; c++)
        {
            row[c] = ReadCell(reader, c, line, options);
        }

        return true;
    }

    private static async Task<DataTable> ReadTableAsync(CsvReader reader, CsvReadOptions options, CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(reader, options, cancellationToken);
        var columns = new ColumnBuilder[header.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new ColumnBuilder();
        }

        var row = new string?[header.Length];
        var rows = 0;
        while (await ReadRowAsync(reader, row, rows, options, cancellationToken))
        {
            for (var c = 0; c < row.Length; c++)
            {
                columns[c].Add(row[c]);
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new DataFormatException("The file has a header but no data rows.");
        }

        var arrays = new string?[header.Length][];
        for (var c = 0; c < arrays.Length; c++)
        {
            arrays[c] = columns[c].ToArray();
        }

        return DataTable.Create(header, arrays);
    }

    private static string[] ReadHeader(CsvReader reader, CsvReadOptions options)
    {
        var line = reader.LineNumber;
        var count = reader.FieldCount;
        if (count > options.MaxColumns)
        {
            throw new DataFormatException($"the header has {count:N0} columns; at most {options.MaxColumns:N0} are accepted.", line, null) { Limit = CsvLimit.Columns };
        }

        var header = new string[count];
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < count; c++)
        {
            var name = ReadCell(reader, c, line, options);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new DataFormatException("the header has an empty column name; every column needs a name.", line, c + 1);
            }

            if (LooksLikeData(name))
            {
                throw new DataFormatException(
                    $"the first line looks like data ('{OneLine(name, 40)}' is a number), not a header; add a header line with column names.",
                    line,
                    c + 1);
            }

            if (seen.TryGetValue(name, out var first))
            {
                throw new DataFormatException(
                    $"column name '{OneLine(name, 40)}' appears twice (also column {first}); column names must be unique.", line, c + 1);
            }

            seen[name] = c + 1;
            header[c] = name;
        }

        return header;
    }

    /// <summary>Validates the decoded UTF-8 bytes of a cell, then materialises it; empty is missing (null).</summary>
    private static string? ReadCell(CsvReader reader, int index, long line, CsvReadOptions options)
    {
        var bytes = reader.GetSpan(index);
        if (bytes.IsEmpty)
        {
            return null;
        }

        if (!Utf8.IsValid(bytes))
        {
            throw new DataFormatException("the cell is not valid UTF-8 text; save the file as UTF-8 CSV.", line, index + 1);
        }

        foreach (var b in bytes)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n') || b == 0x7f)
            {
                throw new DataFormatException(
                    $"the cell contains control character 0x{b:X2}; the file looks binary, not CSV text.", line, index + 1);
            }
        }

        if (bytes.Length > options.MaxCellLength && Encoding.UTF8.GetCharCount(bytes) > options.MaxCellLength)
        {
            throw new DataFormatException(
                $"the cell is longer than the limit of {options.MaxCellLength:N0} characters.", line, index + 1) { Limit = CsvLimit.CellLength };
        }

        return reader.GetString(index);
    }

    /// <summary>
    /// A header cell that is a plain number (e.g. 39, -1.5, 1e3) means the first line is a data row: real column
    /// names are not numbers, and a number as a name would be ambiguous everywhere downstream.
    /// </summary>
    internal static bool LooksLikeData(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);

    internal static void OnMalformed(CsvMalformedRecord record)
    {
        var what = record.Reason switch
        {
            CsvMalformedReason.StrayQuote => "a double quote inside an unquoted field; quote the whole field and double inner quotes (\"\").",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field; quote the whole field and double inner quotes (\"\").",
            CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed; check for a missing closing quote.",
            _ => $"malformed CSV ({record.Reason}).",
        };
        throw new DataFormatException(what, record.LineNumber == 0 ? null : record.LineNumber, null);
    }

    internal static DataFormatException Translate(CsvFormatException ex, CsvReadOptions options)
    {
        long? line = ex.LineNumber > 0 ? ex.LineNumber : null;
        if (ex.Message.Contains("MaxRecordSize", StringComparison.Ordinal) || ex.Message.Contains("record size", StringComparison.OrdinalIgnoreCase))
        {
            return new DataFormatException(
                $"a row is longer than {MaxRecordBytes(options):N0} bytes (cell limit {options.MaxCellLength:N0} characters); an unclosed quote can cause this.",
                line,
                null,
                ex) { Limit = CsvLimit.CellLength };
        }

        return new DataFormatException($"the file cannot be parsed as CSV: {OneLine(ex.Message, 160)}", line, null, ex);
    }

    /// <summary>Makes user text safe for a one-line message: control characters become '?', long text is cut.</summary>
    internal static string OneLine(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (var ch in text)
        {
            if (builder.Length == max)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(ch) ? '?' : ch);
        }

        return builder.ToString();
    }
}
