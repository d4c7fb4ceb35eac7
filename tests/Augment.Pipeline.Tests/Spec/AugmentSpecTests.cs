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

    [Fact]
    public void Parse_JsonNull_ThrowsSpecException()
    {
        Assert.Throws<SpecException>(() => AugmentSpec.Parse("null"));
    }
}
