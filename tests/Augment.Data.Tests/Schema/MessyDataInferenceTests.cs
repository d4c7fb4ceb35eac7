using System.Globalization;

namespace Augment.Data.Tests;

/// <summary>
/// Type inference on data as exports write it (issue 16): a small share of junk, currency and thousands signs, a second
/// date format, free text — and <see cref="SchemaInference.Clean"/>, which gives the later stages one form per column.
/// </summary>
public sealed class MessyDataInferenceTests
{
    private static ColumnProfile InferOne(string?[] cells, SchemaInferenceOptions? options = null) =>
        SchemaInference.Infer(DataTable.FromColumns(["c"], [cells]), options)["c"];

    /// <summary>n distinct whole numbers 1000, 1013, … as text.</summary>
    private static List<string?> Numbers(int n) => [.. Enumerable.Range(0, n).Select(i => (string?)(1000 + (13 * i)).ToString(CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData("$1,200", 1200, 0)]
    [InlineData("1,234,567.25", 1234567.25, 2)]
    [InlineData("-$5.50", -5.5, 2)]
    [InlineData("$-5", -5, 0)]
    [InlineData("12.5%", 12.5, 1)]
    [InlineData(" 42 ", 42, 0)]
    [InlineData("\u20AC300", 300, 0)]
    [InlineData("300\u00A3", 300, 0)]
    public void TryParseLenientNumber_ExportForms_Read(string text, double expected, int places)
    {
        Assert.True(CellValues.TryParseLenientNumber(text, out var value, out var decimals, out _));
        Assert.Equal(expected, value);
        Assert.Equal(places, decimals);
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("?")]
    [InlineData("1,2")]
    [InlineData("12,34")]
    [InlineData("007")]
    [InlineData("$")]
    [InlineData("1.2.3")]
    [InlineData("1,200,00")]
    [InlineData("$$5")]
    public void TryParseLenientNumber_NotANumber_Refused(string text) =>
        Assert.False(CellValues.TryParseLenientNumber(text, out _, out _, out _));

    [Fact]
    public void Infer_NumbersWithTwoPercentJunk_StayNumericAndJunkIsCountedMissing()
    {
        var cells = Numbers(98);
        cells.Add("N/A");
        cells.Add("?");

        var profile = InferOne([.. cells]);

        Assert.Equal(ColumnKind.Integer, profile.Kind);
        Assert.Equal(2, profile.InvalidCount);
        Assert.Equal(2, profile.MissingCount);
        Assert.Equal(98, profile.DistinctCount);
        Assert.Equal(1000, profile.Min);
        Assert.Equal(["?", "N/A"], profile.InvalidExamples!);
    }

    [Fact]
    public void Infer_JunkAboveTheShare_Text()
    {
        var cells = Numbers(90);
        cells.AddRange(Enumerable.Range(0, 10).Select(i => (string?)("bad" + i.ToString(CultureInfo.InvariantCulture))));

        var profile = InferOne([.. cells]);

        Assert.NotEqual(ColumnKind.Integer, profile.Kind);
        Assert.Equal(0, profile.InvalidCount);
        Assert.Equal(ColumnKind.Integer, InferOne([.. cells], new SchemaInferenceOptions { MaxInvalidShare = 0.1 }).Kind);
    }

    [Fact]
    public void Infer_CurrencyAndThousands_ContinuousWithTheValuesRead()
    {
        var profile = InferOne(["$1,200.50", "$950.00", "1,000", "12.25", null]);

        Assert.Equal(ColumnKind.Continuous, profile.Kind);
        Assert.Equal(12.25, profile.Min);
        Assert.Equal(1200.5, profile.Max);
        Assert.Equal(3, profile.ReformattedCount);
        Assert.Equal(0, profile.InvalidCount);
    }

    [Fact]
    public void Infer_FewCodesBesideJunk_CategoriesAsWritten()
    {
        var profile = InferOne([.. Enumerable.Range(0, 100).Select(i => (string?)(i == 0 ? "N/A" : (i % 3).ToString(CultureInfo.InvariantCulture)))]);

        Assert.Equal(ColumnKind.Categorical, profile.Kind);
        Assert.Contains(profile.Categories!, c => c.Value == "N/A");
        Assert.Equal(0, profile.InvalidCount);
    }

    [Fact]
    public void Infer_DatesWithTwoPercentInASecondFormat_DatetimeInTheMainFormat()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var cells = Enumerable.Range(0, 98).Select(i => (string?)start.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        cells.Add("12/31/2023");
        cells.Add("unknown");

        var profile = InferOne([.. cells]);

        Assert.Equal(ColumnKind.Datetime, profile.Kind);
        Assert.Equal("yyyy-MM-dd", profile.DatetimeFormat);
        Assert.Equal(1, profile.ReformattedCount);
        Assert.Equal(1, profile.InvalidCount);
        Assert.Equal(["unknown"], profile.InvalidExamples!);
        Assert.Equal(new DateTime(2023, 12, 31, 0, 0, 0, DateTimeKind.Utc).Subtract(DateTime.UnixEpoch).TotalSeconds, profile.Min);
    }

    [Fact]
    public void Infer_MostlyUniqueTextInASmallTable_TextNotCategories()
    {
        var comments = Enumerable.Range(0, 40).Select(i => (string?)$"comment number {i % 30}").ToArray();

        var profile = InferOne(comments);

        Assert.Equal(ColumnKind.Text, profile.Kind);
        Assert.Null(profile.Categories);
    }

    [Fact]
    public void Infer_RepeatedLabelsInASmallTable_StillCategorical() =>
        Assert.Equal(ColumnKind.Categorical, InferOne([.. Enumerable.Range(0, 40).Select(i => (string?)$"label {i % 12}")]).Kind);

    [Fact]
    public void Clean_RewritesOnlyColumnsThatNeedIt_JunkMissingFormsCanonical()
    {
        var amount = Numbers(38);
        amount.Add("$1,200.50");
        amount.Add("N/A");
        var dates = Enumerable.Range(0, 39).Select(i => (string?)new DateTime(2024, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        dates.Add("03/04/2024");
        var label = Enumerable.Range(0, 40).Select(i => (string?)(i % 2 == 0 ? "a" : "N/A")).ToArray();
        var table = DataTable.FromColumns(["amount", "day", "label"], [[.. amount], [.. dates], label]);
        var schema = SchemaInference.Infer(table);

        var clean = SchemaInference.Clean(table, schema);

        Assert.Equal("1200.50", clean[38, 0]);
        Assert.Null(clean[39, 0]);
        Assert.Equal("1000", clean[0, 0]);
        Assert.Equal("2024-03-04", clean[39, 1]);
        Assert.Equal(label, clean.Column(2));
        Assert.Equal(table.Columns, clean.Columns);
        Assert.Equal("$1,200.50", table[38, 0]); // the source table is not changed
        var again = SchemaInference.Infer(clean);
        Assert.All(again.Columns, c => Assert.False(c.NeedsCleaning));
        Assert.Equal(schema["amount"].Kind, again["amount"].Kind);
    }

    [Fact]
    public void Clean_NothingToRewrite_SameTable()
    {
        var table = DataTable.FromColumns(["x"], [["1", "2.5", null]]);

        Assert.Same(table, SchemaInference.Clean(table, SchemaInference.Infer(table)));
    }
}
