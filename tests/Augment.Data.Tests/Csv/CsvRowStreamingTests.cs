using System.Text;

namespace Augment.Data.Tests;

/// <summary>
/// <see cref="CsvRowReader"/> and <see cref="CsvRowWriter"/>: the streaming paths read and write exactly what the
/// whole-table paths do, and report bad rows with the same one-line errors.
/// </summary>
public sealed class CsvRowStreamingTests
{
    private static async Task<(IReadOnlyList<string> Columns, List<string?[]> Rows)> StreamBytes(byte[] bytes, CsvReadOptions? options = null)
    {
        await using var reader = await CsvRowReader.OpenAsync(new MemoryStream(bytes), options);
        var rows = new List<string?[]>();
        var row = new string?[reader.Columns.Count];
        while (await reader.ReadAsync(row))
        {
            rows.Add((string?[])row.Clone());
        }

        Assert.Equal(rows.Count, reader.RowCount);
        return (reader.Columns, rows);
    }

    private static async Task<string> WholeTableError(byte[] bytes, CsvReadOptions? options = null) =>
        (await Assert.ThrowsAsync<DataFormatException>(() => CsvTable.ReadAsync(new MemoryStream(bytes), options))).Message;

    private static async Task<string> StreamedError(byte[] bytes, CsvReadOptions? options = null) =>
        (await Assert.ThrowsAsync<DataFormatException>(() => StreamBytes(bytes, options))).Message;

    public static TheoryData<string> GoodFiles => new()
    {
        "a,b,c\n1,x,\n2,,z\n",
        "name,note\n\"Smith, J\",\"He said \"\"hi\"\"\"\n\"multi\nline\",\"a\r\nb\"\n",
        "\uFEFFa,b\r\n1,2\r\n\r\n3,4",
        "x,y\n\" lead\",trail \n\"\",q\n",
    };

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public async Task ReadAsync_SmallFiles_SameCellsAsWholeTableRead(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var table = await CsvTable.ReadAsync(new MemoryStream(bytes));

        var (columns, rows) = await StreamBytes(bytes);

        Assert.Equal(table.Columns, columns);
        Assert.Equal(table.RowCount, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(Enumerable.Range(0, columns.Count).Select(c => table[r, c]), rows[r]);
        }
    }

    [Fact]
    public async Task ReadAsync_Utf16File_SameCellsAsUtf8()
    {
        const string text = "a,b\nä,ß\n";
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        var bytes = utf16.GetPreamble().Concat(utf16.GetBytes(text)).ToArray();

        var (columns, rows) = await StreamBytes(bytes);

        Assert.Equal(["a", "b"], columns);
        Assert.Equal(new string?[] { "ä", "ß" }, Assert.Single(rows).AsEnumerable());
    }

    public static TheoryData<string, int?> BadFiles => new()
    {
        { "", null },
        { "1,2\n3,4\n", null },
        { "a,A\n1,2\n", null },
        { "a,,c\n1,2,3\n", null },
        { "a,b\n1,2\n3\n", null },
        { "a,b\n1,2\n3,4,5\n", null },
        { "a,b\n1,x\u0000y\n", null },
        { "a,b\n1,x\"y\n", null },
        { "a,b\n1,\"unclosed\n2,3\n", null },
        { "a,b\n1,12345678901\n", null },
        { "a,b\n1,2\n3,4\n5,6\n", 2 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ReadAsync_BadFile_SameOneLineErrorAsWholeTableRead(string text, int? maxRows)
    {
        var options = new CsvReadOptions { MaxCellLength = 10, MaxRows = maxRows ?? 1000 };
        var bytes = Encoding.UTF8.GetBytes(text);

        var expected = await WholeTableError(bytes, options);
        var actual = await StreamedError(bytes, options);

        Assert.Equal(expected, actual);
        Assert.DoesNotContain('\n', actual);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_SameErrorAsWholeTableRead()
    {
        byte[] bytes = [.. "a,b\n1,"u8, 0xC3, 0x28, .. "\n"u8];

        Assert.Equal(await WholeTableError(bytes), await StreamedError(bytes));
    }

    [Fact]
    public async Task ReadAsync_HeaderOnly_NoRowsRatherThanAnError()
    {
        var (columns, rows) = await StreamBytes("a,b\n"u8.ToArray());

        Assert.Equal(["a", "b"], columns);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task ReadAsync_RowArrayOfAnotherWidth_Throws()
    {
        await using var reader = await CsvRowReader.OpenAsync(new MemoryStream("a,b\n1,2\n"u8.ToArray()));

        await Assert.ThrowsAsync<ArgumentException>(() => reader.ReadAsync(new string?[3]).AsTask());
    }

    [Fact]
    public async Task WriteAsync_RowByRow_SameBytesAsWholeTableWrite()
    {
        var table = DataTable.FromColumns(["n", "text"], [["1", "2", null, "4"], ["plain", "a,b", " lead", "q\"uote\nline"]]);
        using var whole = new MemoryStream();
        await CsvTable.WriteAsync(whole, table);

        using var streamed = new MemoryStream();
        var writer = await CsvRowWriter.CreateAsync(streamed, table.Columns);
        await using (writer)
        {
            await writer.WriteAsync(table.SelectRows([0, 1]));
            for (var r = 2; r < table.RowCount; r++)
            {
                await writer.WriteAsync([table[r, 0], table[r, 1]]);
            }
        }

        Assert.Equal(4, writer.RowCount);
        Assert.Equal(whole.ToArray(), streamed.ToArray());
    }

    [Fact]
    public async Task WriteAsync_AdultSample_StreamedReadAndWriteReproduceFileBytes()
    {
        var bytes = await File.ReadAllBytesAsync(TestData.AdultPath);
        using var copy = new MemoryStream();

        await using (var reader = await CsvRowReader.OpenAsync(new MemoryStream(bytes)))
        {
            var writer = await CsvRowWriter.CreateAsync(copy, reader.Columns);
            await using (writer)
            {
                var row = new string?[reader.Columns.Count];
                while (await reader.ReadAsync(row))
                {
                    await writer.WriteAsync(row);
                }
            }
        }

        Assert.Equal(bytes, copy.ToArray());
    }
}
