using System.Text;

namespace Augment.Data.Tests;

public sealed class CsvTableTests
{
    private static Task<DataTable> ReadBytes(byte[] bytes, CsvReadOptions? options = null) =>
        CsvTable.ReadAsync(new MemoryStream(bytes), options);

    private static Task<DataTable> ReadText(string text, CsvReadOptions? options = null) =>
        ReadBytes(Encoding.UTF8.GetBytes(text), options);

    private static async Task<DataFormatException> ReadFails(string text, CsvReadOptions? options = null) =>
        await Assert.ThrowsAsync<DataFormatException>(() => ReadText(text, options));

    private static async Task<string> WriteText(DataTable table)
    {
        using var stream = new MemoryStream();
        await CsvTable.WriteAsync(stream, table);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task ReadAsync_PlainFile_ReadsHeaderCellsAndMissingValues()
    {
        var table = await ReadText("a,b,c\n1,x,\n2,,z\n");

        Assert.Equal(["a", "b", "c"], table.Columns);
        Assert.Equal(2, table.RowCount);
        Assert.Equal("1", table[0, 0]);
        Assert.Equal("x", table[0, 1]);
        Assert.Null(table[0, 2]);
        Assert.Null(table[1, 1]);
        Assert.Equal("z", table[1, 2]);
    }

    [Fact]
    public async Task ReadAsync_QuotedFieldsWithCommaQuoteAndNewline_Unquotes()
    {
        var table = await ReadText("name,note\n\"Smith, J\",\"He said \"\"hi\"\"\"\n\"multi\nline\",\"a\r\nb\"\n");

        Assert.Equal(2, table.RowCount);
        Assert.Equal("Smith, J", table[0, 0]);
        Assert.Equal("He said \"hi\"", table[0, 1]);
        Assert.Equal("multi\nline", table[1, 0]);
        Assert.Equal("a\r\nb", table[1, 1]);
    }

    [Fact]
    public async Task ReadAsync_BomAndCrlf_SameAsPlain()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("id,v\r\n1,é\r\n2,b\r\n")).ToArray();

        var table = await ReadBytes(bytes);

        Assert.Equal(["id", "v"], table.Columns);
        Assert.Equal("é", table[0, 1]);
        Assert.Equal("b", table[1, 1]);
    }

    public static TheoryData<string, bool> Utf16And32 => new()
    {
        { "utf-16LE", true },
        { "utf-16LE", false },
        { "utf-16BE", true },
        { "utf-16BE", false },
        { "utf-32LE", true },
    };

    [Theory]
    [MemberData(nameof(Utf16And32))]
    public async Task ReadAsync_Utf16OrUtf32WithOrWithoutBom_SameAsUtf8(string encodingName, bool bom)
    {
        const string text = "name,city,amount\nZoë,Kraków,1\n\"Sørensen, A\",東京,2\n";
        var encoding = Encoding.GetEncoding(encodingName);
        var bytes = (bom ? encoding.GetPreamble() : []).Concat(encoding.GetBytes(text)).ToArray();

        var table = await ReadBytes(bytes);

        var expected = await ReadText(text);
        Assert.Equal(expected.Columns, table.Columns);
        Assert.Equal(expected.Column(1), table.Column(1));
        Assert.Equal("Sørensen, A", table[1, 0]);
    }

    [Fact]
    public async Task ReadAsync_Utf16BomThenBrokenSurrogate_OneLineReasonNamingTheEncoding()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("a,b\n1,"), 0x00, 0xD8, 0x41, 0x00, (byte)'\n', 0x00];

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadBytes(bytes));

        Assert.Contains("save it as UTF-8 CSV", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ReadAsync_NoTrailingNewlineAndBlankLines_ReadsAllRows()
    {
        var table = await ReadText("a,b\n1,2\n\n3,4");

        Assert.Equal(2, table.RowCount);
        Assert.Equal("4", table[1, 1]);
    }

    [Fact]
    public async Task ReadAsync_QuotedEmptyField_IsMissing()
    {
        var table = await ReadText("a,b\n\"\",1\n");

        Assert.Null(table[0, 0]);
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_FailsWithOneLineMessage()
    {
        var ex = await ReadFails(string.Empty);

        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task ReadAsync_HeaderOnly_FailsNoDataRows()
    {
        var ex = await ReadFails("a,b,c\n");

        Assert.Contains("no data rows", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_NumericFirstLine_FailsAsMissingHeader()
    {
        var ex = await ReadFails("39,State-gov,77516\n50,Private,83311\n");

        Assert.Equal(1, ex.Line);
        Assert.Equal(1, ex.Column);
        Assert.Contains("header", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_DuplicateColumnIgnoringCase_FailsNamingColumn()
    {
        var ex = await ReadFails("id,Name,name\n1,a,b\n");

        Assert.Equal(1, ex.Line);
        Assert.Equal(3, ex.Column);
        Assert.Contains("appears twice", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_EmptyColumnName_Fails()
    {
        var ex = await ReadFails("id,,x\n1,2,3\n");

        Assert.Equal(2, ex.Column);
        Assert.Contains("empty column name", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_RaggedRow_FailsWithLineNumber()
    {
        var ex = await ReadFails("a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5\n");

        Assert.Equal(5, ex.Line);
        Assert.Contains("expected 3 fields", ex.Message);
        Assert.Contains("found 2", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_TooManyFields_Fails()
    {
        var ex = await ReadFails("a,b\n1,2,3\n");

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task ReadAsync_NulBytes_FailsAsBinary()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,x\0y\n");

        var ex = await Assert.ThrowsAsync<DataFormatException>(() => ReadBytes(bytes));

        Assert.Equal(2, ex.Line);
        Assert.Equal(2, ex.Column);
        Assert.Contains("binary", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_Fails()
    {
        byte[] bytes = [.. "a,b\n1,"u8, 0xC3, 0x28, .. "\n"u8];

        var ex = await Assert.ThrowsAsync<DataFormatException>(() => ReadBytes(bytes));

        Assert.Contains("UTF-8", ex.Message);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public async Task ReadAsync_RandomBinaryJunk_FailsWithDataFormatException()
    {
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);

        var ex = await Assert.ThrowsAsync<DataFormatException>(() => ReadBytes(bytes));

        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task ReadAsync_StrayQuote_Fails()
    {
        var ex = await ReadFails("a,b\n1,ab\"c\n");

        Assert.Equal(2, ex.Line);
        Assert.Contains("quote", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_CellOverLimit_Fails()
    {
        var ex = await ReadFails("a,b\n1," + new string('x', 200) + "\n", new CsvReadOptions { MaxCellLength = 100 });

        Assert.Equal(2, ex.Line);
        Assert.Equal(2, ex.Column);
    }

    [Fact]
    public async Task ReadAsync_FiftyMegabyteCell_FailsFastWithoutReadingItAll()
    {
        var stream = new GeneratedStream("a,b\n1,"u8.ToArray(), (byte)'x', 50L * 1024 * 1024, "\n"u8.ToArray());

        var ex = await Assert.ThrowsAsync<DataFormatException>(() => CsvTable.ReadAsync(stream));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.True(stream.BytesRead < 16L * 1024 * 1024, $"read {stream.BytesRead} bytes before failing");
    }

    [Fact]
    public async Task ReadAsync_UnclosedQuoteInHugeInput_FailsFast()
    {
        var stream = new GeneratedStream("a,b\n1,\""u8.ToArray(), (byte)'x', 50L * 1024 * 1024, "\n2,3\n"u8.ToArray());

        var ex = await Assert.ThrowsAsync<DataFormatException>(() => CsvTable.ReadAsync(stream));

        Assert.True(stream.BytesRead < 16L * 1024 * 1024, $"read {stream.BytesRead} bytes: {ex.Message}");
    }

    [Fact]
    public async Task ReadAsync_TooManyColumns_Fails()
    {
        var ex = await ReadFails("a,b,c\n1,2,3\n", new CsvReadOptions { MaxColumns = 2 });

        Assert.Contains("at most 2", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_TooManyRows_Fails()
    {
        var ex = await ReadFails("a\nx\ny\nz\n", new CsvReadOptions { MaxRows = 2 });

        Assert.Equal(4, ex.Line);
    }

    [Fact]
    public async Task ReadAsync_Canceled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CsvTable.ReadAsync(new MemoryStream("a\n1\n"u8.ToArray()), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task WriteAsync_QuotesOnlyWhenNeeded_LfNoBom()
    {
        var table = DataTable.FromColumns(["a", "b"], [["plain", "has,comma", " lead", null], ["q\"uote", "line\nbreak", "1.50", "x"]]);

        using var stream = new MemoryStream();
        await CsvTable.WriteAsync(stream, table);
        var bytes = stream.ToArray();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("a,b\nplain,\"q\"\"uote\"\n\"has,comma\",\"line\nbreak\"\n\" lead\",1.50\n,x\n", text);
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_RoundTripsEveryCell()
    {
        var table = DataTable.FromColumns(
            ["id", "text"],
            [["1", "2", "3", "4"], ["a \"b\"", "c,d", "e\r\nf", null]]);

        var text = await WriteText(table);
        var back = await ReadText(text);

        Assert.Equal(table.Columns, back.Columns);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            Assert.Equal(table.Column(c), back.Column(c));
        }
    }

    [Fact]
    public async Task WriteAsync_AdultSample_ReproducesFileBytes()
    {
        var path = TestData.AdultPath;
        var original = await File.ReadAllBytesAsync(path);

        var table = await ReadBytes(original);
        using var stream = new MemoryStream();
        await CsvTable.WriteAsync(stream, table);

        Assert.Equal(48842, table.RowCount);
        Assert.Equal(original, stream.ToArray());
    }
}
