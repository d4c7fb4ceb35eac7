using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Tests.Spec;

public class AugmentSpecTests
{
    [Fact]
    public void Parse_FullSpec_ReadsEveryField()
    {
        var spec = AugmentSpec.Parse("""
            { "target": "income", "sensitive": ["sex", "race"], "rows": 500, "model": "gaussian-copula",
              "seed": 7, "holdoutFraction": 0.25, "shardSize": 300 }
            """);

        Assert.Equal("income", spec.Target);
        Assert.Equal(["sex", "race"], spec.Sensitive);
        Assert.Equal(RowsRequest.Exactly(500), spec.Rows);
        Assert.Equal("gaussian-copula", spec.Model);
        Assert.Equal(7, spec.Seed);
        Assert.Equal(0.25, spec.HoldoutFraction);
        Assert.Equal(300, spec.ShardSize);
    }

    [Theory]
    [InlineData("\"balance\"", true, 0)]
    [InlineData("\"BALANCE\"", true, 0)]
    [InlineData("\"1200\"", false, 1200)]
    [InlineData("1200", false, 1200)]
    public void Parse_Rows_AcceptsCountOrBalance(string rows, bool balance, int count)
    {
        var spec = AugmentSpec.Parse($$"""{ "rows": {{rows}} }""");

        Assert.Equal(balance, spec.Rows!.Value.Balance);
        Assert.Equal(count, spec.Rows!.Value.Count);
    }

    [Theory]
    [InlineData("{ \"target\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"rows\": -5 }")]
    [InlineData("{ \"rows\": \"lots\" }")]
    [InlineData("{ \"seed\": \"abc\" }")]
    [InlineData("{ \"tagret\": \"income\" }")]
    public void Parse_InvalidDocument_ThrowsOneLineSpecException(string json)
    {
        var ex = Assert.Throws<SpecException>(() => AugmentSpec.Parse(json));

        Assert.StartsWith("augment.json", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("""{ "limits": { "maxRows": "many" } }""", "augment.json: \"limits.maxRows\" (line 1, position 32) must be a whole number.")]
    [InlineData("""{ "seed": 1.5 }""", "augment.json: \"seed\" (line 1, position 14) must be a whole number.")]
    [InlineData("""{ "sensitive": "sex" }""", "augment.json: \"sensitive\" (line 1, position 21) must be a list of strings.")]
    [InlineData("""{ "privacy": 3 }""", "augment.json: \"privacy\" (line 1, position 15) must be an object.")]
    [InlineData("""{ "holdoutFraction": "x" }""", "augment.json: \"holdoutFraction\" (line 1, position 25) must be a number.")]
    [InlineData("""[1, 2]""", "augment.json: \"(the whole document)\" (line 1, position 2) must be an object such as {\"target\": \"label\"}.")]
    public void Parse_WrongType_NamesTheFieldAndWhatItMustBeNoDotNetType(string json, string reason)
    {
        var error = Assert.Throws<SpecException>(() => AugmentSpec.Parse(json));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void Parse_NotJsonWithALineBreakInTheQuotedText_KeepsWhatIsWrongOnOneLine()
    {
        var error = Assert.Throws<SpecException>(() => AugmentSpec.Parse("target = label\n}"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownField_ListsOnlyRealFields()
    {
        var error = Assert.Throws<SpecException>(() => AugmentSpec.Parse("""{ "tagret": "x" }"""));

        Assert.Contains("\"tagret\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("limits", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("isNightly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonNull_ThrowsSpecException()
    {
        Assert.Throws<SpecException>(() => AugmentSpec.Parse("null"));
    }
}
