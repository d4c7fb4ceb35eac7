using Augment.Data;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Tests.Spec;

public sealed class SpecResolverModelTests
{
    private static readonly DatasetSchema Schema = new(
    [
        new ColumnProfile("x", ColumnKind.Continuous, 0, 100, 0, 1, 2),
        new ColumnProfile("label", ColumnKind.Categorical, 0, 2, Categories: [new("a", 60), new("b", 40)]),
    ]);

    [Theory]
    [InlineData(null, 10_000, "latent-mixture")]   // default is auto: 8,000 training rows
    [InlineData(null, 200, "latent-mixture")]
    [InlineData("auto", 2600, "latent-mixture")]
    [InlineData("gaussian-copula", 100_000, "gaussian-copula")]
    [InlineData("latent-mixture", 100, "latent-mixture")]
    public void Resolve_Model_AutoPicksTheMixtureAtAnySize(string? model, int rows, string expected)
    {
        var resolved = SpecResolver.Resolve(new AugmentSpec { Model = model }, Schema, rows);

        Assert.Equal(expected, resolved.Model);
        Assert.Equal(model is null || model == "auto", resolved.Defaults.Any(d => d.Contains("auto chose " + expected, StringComparison.Ordinal)));
    }

    [Fact]
    public void Resolve_AutoWithSmallBudget_PicksTheCopula()
    {
        var resolved = SpecResolver.Resolve(new AugmentSpec { Model = "auto", TimeBudgetSeconds = 5 }, Schema, 100_000);

        Assert.Equal("gaussian-copula", resolved.Model);
        Assert.Equal(5, resolved.TimeBudgetSeconds);
    }

    [Fact]
    public void Resolve_TrainingSettings_KeptAndDefaultsStated()
    {
        var given = SpecResolver.Resolve(AugmentSpec.Parse("""{ "epochs": 30, "batchSize": 500, "timeBudgetSeconds": 120 }"""), Schema, 5000);
        var absent = SpecResolver.Resolve(new AugmentSpec(), Schema, 5000);

        Assert.Equal((30, 500, 120), (given.Epochs!.Value, given.BatchSize!.Value, given.TimeBudgetSeconds!.Value));
        Assert.Null(absent.Epochs);
        Assert.Contains(absent.Defaults, d => d.StartsWith("epochs: not given", StringComparison.Ordinal));
        Assert.Contains(absent.Defaults, d => d.StartsWith("batchSize: not given", StringComparison.Ordinal));
        Assert.Contains(absent.Defaults, d => d.StartsWith("timeBudgetSeconds: not given", StringComparison.Ordinal));
        Assert.DoesNotContain(given.Defaults, d => d.StartsWith("epochs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "epochs": 0 }""", "epochs 0 is out of range")]
    [InlineData("""{ "batchSize": -5 }""", "batchSize -5 is out of range")]
    [InlineData("""{ "timeBudgetSeconds": 100000 }""", "timeBudgetSeconds 100000 is out of range")]
    [InlineData("""{ "model": "gpt" }""", "available: gaussian-copula, latent-mixture")]
    public void Resolve_BadTrainingSettings_OneLineReason(string json, string expected)
    {
        var ex = Assert.Throws<SpecException>(() => SpecResolver.Resolve(AugmentSpec.Parse(json), Schema, 5000));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EpochsAsText_Rejected()
    {
        Assert.Throws<SpecException>(() => AugmentSpec.Parse("""{ "epochs": "many" }"""));
    }
}
