using System.Text.Json;

namespace Augment.Data.Tests;

public sealed class SchemaInferenceTests
{
    private static ColumnProfile InferOne(string?[] cells, SchemaInferenceOptions? options = null) =>
        SchemaInference.Infer(DataTable.FromColumns(["c"], [cells]), options)["c"];

    private static string?[] Repeat(int times, params string?[] values) =>
        [.. Enumerable.Range(0, times).SelectMany(_ => values)];

    private static async Task<DataTable> Load(string path)
    {
        await using var stream = File.OpenRead(path);
        return await CsvTable.ReadAsync(stream);
    }

    [Fact]
    public void Infer_DecimalNumbers_ContinuousWithMinMaxAndPlaces()
    {
        var profile = InferOne(["1.5", "-2.25", "10", null]);

        Assert.Equal(ColumnKind.Continuous, profile.Kind);
        Assert.Equal(-2.25, profile.Min);
        Assert.Equal(10, profile.Max);
        Assert.Equal(2, profile.DecimalPlaces);
        Assert.Equal(1, profile.MissingCount);
        Assert.Equal(3, profile.DistinctCount);
    }

    [Fact]
    public void Infer_ManyWholeNumbers_Integer()
    {
        var profile = InferOne([.. Enumerable.Range(17, 60).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(ColumnKind.Integer, profile.Kind);
        Assert.Equal(17, profile.Min);
        Assert.Equal(76, profile.Max);
        Assert.Null(profile.Categories);
        Assert.True(profile.IsIdentifier);
    }

    [Fact]
    public void Infer_IntegerCodeWithThreeValues_Categorical()
    {
        var profile = InferOne(Repeat(10, "1", "2", "3", "2"));

        Assert.Equal(ColumnKind.Categorical, profile.Kind);
        Assert.Equal([new CategoryCount("2", 20), new CategoryCount("1", 10), new CategoryCount("3", 10)], profile.Categories!);
        Assert.Equal(1, profile.Min);
    }

    [Fact]
    public void Infer_ZeroOneColumn_Boolean()
    {
        var profile = InferOne(Repeat(5, "0", "1", "1", null));

        Assert.Equal(ColumnKind.Boolean, profile.Kind);
        Assert.Equal(5, profile.MissingCount);
        Assert.Equal("1", profile.Categories![0].Value);
    }

    [Theory]
    [InlineData("yes", "no")]
    [InlineData("Yes", "No")]
    [InlineData("TRUE", "FALSE")]
    [InlineData("y", "n")]
    public void Infer_BooleanWords_Boolean(string a, string b)
    {
        Assert.Equal(ColumnKind.Boolean, InferOne(Repeat(4, a, b, a)).Kind);
    }

    [Fact]
    public void Infer_IsoDates_DatetimeWithFormat()
    {
        var profile = InferOne(["2020-01-01", "2021-06-15", null, "2019-12-31"]);

        Assert.Equal(ColumnKind.Datetime, profile.Kind);
        Assert.Equal("yyyy-MM-dd", profile.DatetimeFormat);
        Assert.True(CellValues.TryParseDatetime("2019-12-31", "yyyy-MM-dd", out var min));
        Assert.Equal(min, profile.Min);
    }

    [Fact]
    public void Infer_DayFirstDates_PicksDayFirstFormat()
    {
        var profile = InferOne(["01/02/2020", "25/12/2020"]);

        Assert.Equal("dd/MM/yyyy", profile.DatetimeFormat);
    }

    [Fact]
    public void Infer_LeadingZeroCodes_CategoricalNotNumber()
    {
        var profile = InferOne(Repeat(3, "007", "010", "123"));

        Assert.Equal(ColumnKind.Categorical, profile.Kind);
        Assert.Null(profile.Min);
    }

    [Fact]
    public void Infer_UniqueTextIds_TextIdentifier()
    {
        var profile = InferOne([.. Enumerable.Range(0, 150).Select(i => (string?)$"C{i:D4}")]);

        Assert.Equal(ColumnKind.Text, profile.Kind);
        Assert.True(profile.IsIdentifier);
        Assert.Null(profile.Categories);
    }

    [Fact]
    public void Infer_MoreTextValuesThanMaxCategories_Text()
    {
        var profile = InferOne(Repeat(2, "a", "b", "c", "d"), new SchemaInferenceOptions { MaxCategories = 3 });

        Assert.Equal(ColumnKind.Text, profile.Kind);
        Assert.False(profile.IsIdentifier);
    }

    [Fact]
    public void Infer_ForcedCategorical_OverridesNumbers()
    {
        var table = DataTable.FromColumns(["x"], [[.. Enumerable.Range(0, 50).Select(i => (string?)(i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture))]]);

        var schema = SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = ["x"] });

        Assert.Equal(ColumnKind.Categorical, schema["x"].Kind);
        Assert.Equal(50, schema["x"].Categories!.Count);
    }

    [Fact]
    public void Infer_ForcedColumnMissing_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            SchemaInference.Infer(DataTable.FromColumns(["x"], [["1"]]), new SchemaInferenceOptions { CategoricalColumns = ["y"] }));
    }

    [Fact]
    public void Infer_AllMissing_CategoricalWithNoCategories()
    {
        var profile = InferOne([null, null]);

        Assert.Equal(ColumnKind.Categorical, profile.Kind);
        Assert.Equal(2, profile.MissingCount);
        Assert.Empty(profile.Categories!);
    }

    [Fact]
    public async Task Infer_Adult_KindsAndMissingCountsMatchDataset()
    {
        var table = await Load(TestData.AdultPath);

        var schema = SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = ["income"] });

        Assert.Equal(ColumnKind.Integer, schema["age"].Kind);
        Assert.Equal(17, schema["age"].Min);
        Assert.Equal(90, schema["age"].Max);
        Assert.Equal(ColumnKind.Integer, schema["fnlwgt"].Kind);
        Assert.Equal(ColumnKind.Integer, schema["education_num"].Kind);
        Assert.Equal(ColumnKind.Categorical, schema["workclass"].Kind);
        Assert.Equal(2799, schema["workclass"].MissingCount);
        Assert.Equal(ColumnKind.Categorical, schema["native_country"].Kind);
        Assert.Equal(ColumnKind.Categorical, schema["sex"].Kind);
        Assert.Equal(["<=50K", ">50K"], schema["income"].Categories!.Select(c => c.Value));
        Assert.Equal(48842, schema["income"].Categories!.Sum(c => c.Count));
    }

    [Fact]
    public async Task Infer_Wine_ContinuousMeasurementsAndForcedTarget()
    {
        var table = await Load(TestData.File("wine.csv"));

        var schema = SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = ["cultivar"] });

        Assert.Equal(ColumnKind.Continuous, schema["alcohol"].Kind);
        Assert.Equal(2, schema["alcohol"].DecimalPlaces);
        Assert.Equal(ColumnKind.Integer, schema["magnesium"].Kind);
        Assert.Equal(ColumnKind.Categorical, schema["cultivar"].Kind);
        Assert.Equal(3, schema["cultivar"].Categories!.Count);
        Assert.All(schema.Columns, c => Assert.Equal(0, c.MissingCount));
    }

    [Fact]
    public async Task Infer_GermanCredit_YesNoBooleanAndSmallIntegerCodes()
    {
        var table = await Load(TestData.File("german_credit.csv"));

        var schema = SchemaInference.Infer(table);

        Assert.Equal(ColumnKind.Categorical, schema["own_telephone"].Kind); // yes/none is not a boolean pair
        Assert.Equal(ColumnKind.Boolean, schema["foreign_worker"].Kind);
        Assert.Equal(ColumnKind.Categorical, schema["installment_commitment"].Kind);
        Assert.Equal(ColumnKind.Integer, schema["credit_amount"].Kind);
        Assert.Equal(ColumnKind.Integer, schema["age"].Kind);
        Assert.Equal(ColumnKind.Categorical, schema["purpose"].Kind);
    }

    [Fact]
    public async Task Schema_JsonRoundTrip_Equal()
    {
        var schema = SchemaInference.Infer(await Load(TestData.File("german_credit.csv")));

        var json = JsonSerializer.Serialize(schema, DataJsonContext.Default.DatasetSchema);
        var back = JsonSerializer.Deserialize(json, DataJsonContext.Default.DatasetSchema);

        Assert.Equal(schema, back);
        Assert.Contains("\"kind\":\"Boolean\"", json);
    }

    [Fact]
    public void Indexer_UnknownColumn_Throws()
    {
        var schema = SchemaInference.Infer(DataTable.FromColumns(["x"], [["1"]]));

        Assert.Throws<KeyNotFoundException>(() => schema["y"]);
        Assert.Null(schema.Find("y"));
    }
}
