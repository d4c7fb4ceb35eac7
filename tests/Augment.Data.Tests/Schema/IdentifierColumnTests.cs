namespace Augment.Data.Tests.Schema;

public sealed class IdentifierColumnTests
{
    private const int Rows = 40;

    private static IReadOnlyList<IdentifierColumn> Detect(params (string Name, Func<int, string?> Cell)[] columns)
    {
        var table = DataTable.FromColumns(
            [.. columns.Select(c => c.Name), "label"],
            [.. columns.Select(c => Enumerable.Range(0, Rows).Select(c.Cell).ToArray()), Enumerable.Range(0, Rows).Select(i => i % 2 == 0 ? "a" : "b").ToArray()]);
        return IdentifierColumn.Detect(table, SchemaInference.Infer(table));
    }

    [Theory]
    [InlineData("id", true)]
    [InlineData("ID", true)]
    [InlineData("customer_id", true)]
    [InlineData("CustomerID", true)]
    [InlineData("customerId", true)]
    [InlineData("order-key", true)]
    [InlineData("uuid", true)]
    [InlineData("paid", false)]
    [InlineData("valid", false)]
    [InlineData("identity", false)]
    [InlineData("salary", false)]
    public void NamedLikeAnId_LastWordDecides(string name, bool expected)
    {
        Assert.Equal(expected, IdentifierColumn.NamedLikeAnId(name));
    }

    [Fact]
    public void Detect_IntegerIdNamedLikeOne_ContinuesAfterTheLargest()
    {
        var found = Assert.Single(Detect(("row_id", i => (1000 + (i * 7)).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(("row_id", 0, "number"), (found.Name, found.Position, found.Format));
        Assert.Equal("1274", found.Value(0));
        Assert.Equal("1275", found.Value(1));
    }

    [Fact]
    public void Detect_DistinctIntegersWithoutAnIdName_AreAMeasurement()
    {
        Assert.Empty(Detect(("salary", i => (30000 + (i * 113)).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Detect_PrefixedCodes_KeepPrefixAndPadding_WithoutAnIdName()
    {
        var found = Assert.Single(Detect(("customer", i => $"C{i:D5}"), ("note", i => $"free text {i} words")));

        Assert.Equal("customer", found.Name);
        Assert.Equal(["C00040", "C00041"], new[] { found.Value(0)!, found.Value(1)! });
    }

    [Fact]
    public void Withheld_FreeTextSetAside_LeavesSyntheticCellsEmpty()
    {
        var withheld = IdentifierColumn.Withheld("comment", 3);

        Assert.True(withheld.IsWithheld);
        Assert.Equal(("comment", 3), (withheld.Name, withheld.Position));
        Assert.Null(withheld.Value(0));
        Assert.Null(withheld.Value(12345));
    }

    [Fact]
    public void Detect_Uuids_FreshValuesAreUuidsReproducibleAndDistinct()
    {
        var found = Assert.Single(Detect(("token", i => Guid.CreateVersion7().ToString())));

        var fresh = Enumerable.Range(0, 1000).Select(k => found.Value(k)).ToList();
        Assert.Equal("uuid", found.Format);
        Assert.All(fresh, v => Assert.True(Guid.TryParseExact(v, "D", out _), v));
        Assert.Equal(1000, fresh.Distinct().Count());
        Assert.Equal(fresh[5], found.Value(5));
    }

    [Fact]
    public void Detect_NamedIdOfArbitraryText_FreshValuesUseAPrefixNoRealValueHas()
    {
        var found = Assert.Single(Detect(("user_key", i => i == 0 ? "syn-7" : $"k{(char)('a' + (i % 26))}{i}x")));

        Assert.Equal("text", found.Format);
        Assert.False(found.Value(0)!.StartsWith("syn-", StringComparison.Ordinal) && found.Prefix == "syn-");
        Assert.StartsWith("synsyn-", found.Value(6), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_RepeatedOrMissingValues_AreNoIdentifier()
    {
        Assert.Empty(Detect(("id", i => $"C{i % 30:D3}")));
        Assert.Empty(Detect(("id", i => i == 3 ? null : $"C{i:D3}")));
    }
}
