using Augment.Data;
using Augment.Synthesis.Mixture;

namespace Augment.Synthesis.Tests.Mixture;

public sealed partial class LatentMixtureGeneratorTests
{
    private static readonly DataTable Real = MixtureData.Groups(6000, seed: 1);
    private static readonly DatasetSchema Schema = SchemaInference.Infer(Real, new SchemaInferenceOptions { CategoricalColumns = ["label"] });
    private static readonly LatentMixtureGenerator Model = LatentMixtureGenerator.Fit(Real, Schema, new TrainingOptions { Seed = 3, Target = "label" });

    [Fact]
    public void Sample_Marginals_FollowTheTrainingData()
    {
        var synthetic = Model.Sample(20_000, seed: 1);

        foreach (var g in new[] { "a", "b", "c" })
        {
            Assert.InRange(MixtureData.Share(synthetic, "g", g) - MixtureData.Share(Real, "g", g), -0.02, 0.02);
        }

        Assert.InRange(MixtureData.Share(synthetic, "z", null) - MixtureData.Share(Real, "z", null), -0.015, 0.015);
        static double Zeros(DataTable t) => MixtureData.Numbers(t, "z").Count(v => v == 0) / (double)t.RowCount;
        Assert.InRange(Zeros(synthetic) - Zeros(Real), -0.02, 0.02);
        Assert.True(Stats.KolmogorovSmirnov(MixtureData.Numbers(Real, "x"), MixtureData.Numbers(synthetic, "x")) < 0.03);
        Assert.True(Stats.KolmogorovSmirnov(MixtureData.Numbers(Real, "n"), MixtureData.Numbers(synthetic, "n")) < 0.03);
    }

    [Fact]
    public void Sample_Dependence_GroupDecidesNumbersAndZeros()
    {
        var synthetic = Model.Sample(20_000, seed: 2);
        var g = synthetic.IndexOf("g");

        // x's mean per group is 0, 10, 20 in the real data; a product of marginals would give 8 for every group.
        Assert.InRange(MixtureData.Numbers(synthetic, "x", r => synthetic[r, g] == "a").Average(), -0.5, 0.5);
        Assert.InRange(MixtureData.Numbers(synthetic, "x", r => synthetic[r, g] == "c").Average(), 19.5, 20.5);
        var zerosInB = Enumerable.Range(0, synthetic.RowCount).Count(r => synthetic[r, g] == "b" && synthetic[r, 3] == "0");
        Assert.True(zerosInB < 0.03 * synthetic.RowCount, $"{zerosInB} zeros of z in group b (real: none)");
    }

    [Fact]
    public void Sample_Values_StayInBoundsWithTheColumnsFormat()
    {
        var synthetic = Model.Sample(5000, seed: 3);

        Assert.All(synthetic.Column(synthetic.IndexOf("n")), v => Assert.DoesNotContain('.', v!));
        Assert.All(synthetic.Column(synthetic.IndexOf("x")), v => Assert.Matches(@"^-?\d+\.\d$", v!));
        var x = MixtureData.Numbers(synthetic, "x");
        Assert.InRange(x.Min(), Schema["x"].Min!.Value, Schema["x"].Max!.Value);
        Assert.InRange(x.Max(), Schema["x"].Min!.Value, Schema["x"].Max!.Value);
    }

    [Fact]
    public void Sample_SameSeed_SameTable_OtherSeed_OtherTable()
    {
        var a = Model.Sample(9000, seed: 5);
        var b = Model.Sample(9000, seed: 5);
        var c = Model.Sample(9000, seed: 6);

        Assert.True(Stats.SameCells(a, b));
        Assert.False(Stats.SameCells(a, c));
    }

    [Fact]
    public void Fit_SameSeed_SameModelFile()
    {
        // Everything but the measured training seconds.
        static string Bytes(LatentMixtureGenerator m)
        {
            using var stream = new MemoryStream();
            m.Save(stream);
            var json = System.Text.Json.Nodes.JsonNode.Parse(stream.ToArray())!.AsObject();
            json.Remove("metrics");
            return json.ToJsonString();
        }

        var again = LatentMixtureGenerator.Fit(Real, Schema, new TrainingOptions { Seed = 3, Target = "label" });

        Assert.Equal(Bytes(Model), Bytes(again));
    }

    [Fact]
    public void Sample_ConditionOnTarget_EveryRowHasTheClassAndItsStructure()
    {
        var synthetic = Model.Sample(4000, seed: 7, new SampleCondition("label", "hi"));

        Assert.All(synthetic.Column(synthetic.IndexOf("label")), v => Assert.Equal("hi", v));
        Assert.True(MixtureData.Numbers(synthetic, "x").Count(v => v > 8) > 0.97 * synthetic.RowCount);
        Assert.InRange(MixtureData.Share(synthetic, "g", "a"), 0, 0.03);
    }

    [Fact]
    public void Sample_ConditionOnOtherColumn_ReweightsComponents()
    {
        var synthetic = Model.Sample(4000, seed: 8, new SampleCondition("g", "c"));

        Assert.All(synthetic.Column(0), v => Assert.Equal("c", v));
        Assert.InRange(MixtureData.Numbers(synthetic, "x").Average(), 19.5, 20.5);
        Assert.True(MixtureData.Share(synthetic, "label", "hi") > 0.97);
    }

    [Theory]
    [InlineData("x", "1.0", "numeric")]
    [InlineData("nope", "a", "no column")]
    [InlineData("g", "zz", "no class 'zz'")]
    public void Sample_BadCondition_ThrowsOneLineReason(string column, string value, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => Model.Sample(10, 0, new SampleCondition(column, value)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TargetNotACategoricalColumn_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LatentMixtureGenerator.Fit(Real, Schema, new TrainingOptions { Target = "x" }));
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Components_ScaleWithRowsAndNeverExceedThem()
    {
        var tiny = MixtureData.Groups(30, seed: 2);
        var model = LatentMixtureGenerator.Fit(tiny, SchemaInference.Infer(tiny), new TrainingOptions { Seed = 1 }, new MixtureOptions { RowsPerComponent = 1 });

        Assert.Equal(30, model.Components);
        Assert.InRange(Model.Components, 59, 60); // one mixture per label class, (class rows) / 100 components each
    }
}
