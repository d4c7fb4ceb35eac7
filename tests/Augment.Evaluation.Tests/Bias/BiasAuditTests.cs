namespace Augment.Evaluation.Tests.Bias;

public class BiasAuditTests
{
    [Fact]
    public void Audit_HandComputed_ParityDifferenceAndImpactRatio()
    {
        string[] columns = ["sex", "label"];
        var rows = Enumerable.Repeat(new string?[] { "M", "yes" }, 30)
            .Concat(Enumerable.Repeat(new string?[] { "M", "no" }, 10))
            .Concat(Enumerable.Repeat(new string?[] { "F", "yes" }, 10))
            .Concat(Enumerable.Repeat(new string?[] { "F", "no" }, 30)).ToArray();
        var real = SampleData.FromRows(columns, rows);
        var synthetic = SampleData.FromRows(columns, Enumerable.Repeat(new string?[] { "F", "yes" }, 40).ToArray());
        var report = BiasAudit.Audit(real, synthetic, SampleData.Schema(real), "label", ["sex"], positiveClass: "yes");

        // Real: M 0.75, F 0.25 → DPD 0.5, DIR 1/3. Augmented: M 30/40, F 50/80 = 0.625 → DPD 0.125, DIR 0.8333.
        var sex = Assert.Single(report.Attributes);
        Assert.Equal(0.5, sex.RealParityDifference, 12);
        Assert.Equal(1.0 / 3, sex.RealImpactRatio, 12);
        Assert.Equal(0.125, sex.AugmentedParityDifference, 12);
        Assert.Equal(0.625 / 0.75, sex.AugmentedImpactRatio, 12);
        Assert.False(sex.Amplified);
        var female = sex.Groups.Single(g => g.Group == "F");
        Assert.Equal(0.5, female.RealShare, 12);
        Assert.Equal(1.0, female.SyntheticShare, 12);
        Assert.Equal(80 / 120.0, female.AugmentedShare, 12);
        Assert.Contains(sex.Flags, f => f.Contains("share", StringComparison.Ordinal));
        Assert.Equal(new ClassCount("yes", 40, 40, 80), report.Classes.Single(c => c.Class == "yes"));
    }

    [Fact]
    public void Audit_PlantedBiasedSyntheticSet_IsFlagged()
    {
        var real = SampleData.Population(2000, 31);
        var biased = SampleData.Population(2000, 32, positiveBias: -4);
        var report = BiasAudit.Audit(real, biased, SampleData.Schema(real), "label", ["sex", "age"]);

        Assert.Equal("yes", report.PositiveClass);
        Assert.True(report.Amplified);
        Assert.True(report.Attributes[0].Amplified, string.Join("; ", report.Attributes[0].Flags));
        Assert.Equal(4, report.Attributes[1].Groups.Count);
    }

    [Fact]
    public void Audit_ResampleOfRealRows_IsNotFlagged()
    {
        var real = SampleData.Population(2000, 31);
        var report = BiasAudit.Audit(real, SampleData.Resample(real, 2000, 33), SampleData.Schema(real), "label", ["sex", "color"]);
        Assert.False(report.Amplified, string.Join("; ", report.Attributes.SelectMany(a => a.Flags)));
    }
}
