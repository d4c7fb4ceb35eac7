using Augment.Pipeline.Spec;
using static Augment.Pipeline.Tests.TestTables;

namespace Augment.Pipeline.Tests.Spec;

public class QualitySpecResolverTests
{
    private static readonly Augment.Data.DatasetSchema Schema = TestTables.Schema(Table(["age", "sex", "label"],
        ["30", "Male", "yes"], ["40", "Female", "no"], ["50", "Male", "no"], ["60", "Female", "yes"], ["35", "Male", "no"], ["45", "Female", "no"]), "label");

    [Fact]
    public void Resolve_NothingGiven_DefaultsStatedInWords()
    {
        var defaults = new List<string>();

        var policy = QualitySpecResolver.Resolve(new AugmentSpec(), Schema, defaults);

        Assert.Empty(policy.Constraints);
        Assert.Equal(QualityPolicy.Default with { Constraints = policy.Constraints }, policy);
        Assert.Null(policy.DcrThreshold);
        Assert.Equal(0.05, policy.RealismDropFraction);
        Assert.Equal("warn", policy.AuditPolicy);
        Assert.Contains(defaults, d => d.StartsWith("privacy.dcrThreshold: not given", StringComparison.Ordinal));
        Assert.Contains(defaults, d => d.StartsWith("realism.dropFraction: not given", StringComparison.Ordinal));
        Assert.Contains(defaults, d => d.StartsWith("audit.policy: not given", StringComparison.Ordinal));
        Assert.DoesNotContain(defaults, d => d.StartsWith("audit.approvalTimeoutHours", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_QualityFields_AreRead()
    {
        var spec = AugmentSpec.Parse("""
            { "constraints": ["age >= 18"], "privacy": { "dcrThreshold": 0.25 }, "realism": { "dropFraction": 0.1 },
              "audit": { "policy": "Await-Approval", "approvalTimeoutHours": 2, "maxShareShift": 0.1, "maxParityIncrease": 0.02 },
              "evaluation": { "maxRows": 5000 } }
            """);

        var policy = QualitySpecResolver.Resolve(spec, Schema, new List<string>());

        Assert.Equal(["age >= 18"], policy.Constraints);
        Assert.Equal(0.25, policy.DcrThreshold);
        Assert.Equal(0.1, policy.RealismDropFraction);
        Assert.Equal(QualityPolicy.AwaitApproval, policy.AuditPolicy);
        Assert.Equal(2, policy.ApprovalTimeoutHours);
        Assert.Equal(0.1, policy.MaxShareShift);
        Assert.Equal(0.02, policy.MaxParityIncrease);
        Assert.Equal(5000, policy.EvaluationMaxRows);
    }

    [Theory]
    [InlineData("""{ "audit": { "policy": "ignore" } }""", "audit.policy 'ignore' is unknown (use warn, fail, await-approval)")]
    [InlineData("""{ "realism": { "dropFraction": 0.9 } }""", "realism.dropFraction 0.9 is out of range (0 to 0.5)")]
    [InlineData("""{ "privacy": { "dcrThreshold": -1 } }""", "privacy.dcrThreshold -1 must be a distance of 0 or more")]
    [InlineData("""{ "audit": { "approvalTimeoutHours": 0 } }""", "audit.approvalTimeoutHours 0 is out of range")]
    [InlineData("""{ "evaluation": { "maxRows": 5 } }""", "evaluation.maxRows 5 is out of range (100 to 1000000)")]
    [InlineData("""{ "constraints": ["height > 2"] }""", "constraint 1 \"height > 2\": unknown column 'height'")]
    public void Resolve_BadValue_OneLineReason(string json, string expected)
    {
        var ex = Assert.Throws<SpecException>(() => SpecResolver.Resolve(AugmentSpec.Parse(json), Schema));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_UnknownQualityField_Rejected()
    {
        var ex = Assert.Throws<SpecException>(() => AugmentSpec.Parse("""{ "privacy": { "epsilon": 1 } }"""));

        Assert.Contains("unknown field \"privacy.epsilon\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Augment.", ex.Message, StringComparison.Ordinal); // no .NET type names
    }

    [Fact]
    public void Parse_UnknownTopLevelField_NamesItAndListsTheFields()
    {
        var ex = Assert.Throws<SpecException>(() => AugmentSpec.Parse("""{ "target": "label", "modle": "tvae" }"""));

        Assert.StartsWith("augment.json has an unknown field \"modle\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Resolve_WholeSpec_CarriesTheQualityPolicy()
    {
        var resolved = SpecResolver.Resolve(AugmentSpec.Parse("""{ "target": "label", "audit": { "policy": "fail" } }"""), Schema);

        Assert.Equal(QualityPolicy.Fail, resolved.Quality.AuditPolicy);
    }
}
