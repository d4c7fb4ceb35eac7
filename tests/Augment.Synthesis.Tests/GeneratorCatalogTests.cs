using System.Text;
using Augment.Data;
using Augment.Synthesis.Mixture;
using Augment.Synthesis.Tests.Mixture;

namespace Augment.Synthesis.Tests;

public sealed class GeneratorCatalogTests
{
    private static readonly DataTable Real = MixtureData.Groups(800, seed: 4);
    private static readonly DatasetSchema Schema = SchemaInference.Infer(Real);

    [Fact]
    public void Names_ListEveryGeneratorAndAuto()
    {
        Assert.Equal(["gaussian-copula", "latent-mixture", "auto"], GeneratorCatalog.Default.Names.Take(2).Append("auto"));
        Assert.Contains("auto", GeneratorCatalog.Default.Names);
        Assert.True(GeneratorCatalog.Default.Contains("latent-mixture"));
        Assert.False(GeneratorCatalog.Default.Contains("gpt"));
    }

    [Theory]
    [InlineData(150, null, "latent-mixture")]
    [InlineData(2000, null, "latent-mixture")]
    [InlineData(50_000, 600, "latent-mixture")]
    [InlineData(50_000, 10, "gaussian-copula")]   // expected mixture fit 17 s
    [InlineData(2_000, 2, "latent-mixture")]      // 1.6 s: a short budget is enough for a small table
    [InlineData(10_000, 3, "gaussian-copula")]    // 4.2 s
    public void Choose_ByRowsAndBudget(int rows, int? budgetSeconds, string expected)
    {
        var (name, reason) = GeneratorCatalog.Default.Choose(rows, budgetSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.Equal(expected, name);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData("gaussian-copula")]
    [InlineData("latent-mixture")]
    public void Load_AnyModelFile_PicksTheGeneratorByFormat(string name)
    {
        var model = GeneratorCatalog.Default.Fit(name, Real, Schema, new TrainingOptions { Seed = 2 });
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        var loaded = GeneratorCatalog.Default.Load(stream);

        Assert.Equal(name, loaded.ModelKind);
        Assert.True(Stats.SameCells(model.Sample(300, 9), loaded.Sample(300, 9)));
    }

    [Fact]
    public void Fit_Auto_SmallTableGetsTheMixture_ABudgetShorterThanItsExpectedFitTheCopula()
    {
        Assert.Equal("latent-mixture", GeneratorCatalog.Default.Fit("auto", Real, Schema).ModelKind);
        Assert.Equal("latent-mixture", GeneratorCatalog.Default.Fit("auto", Real, Schema, new TrainingOptions { TimeBudget = TimeSpan.FromSeconds(30) }).ModelKind);
        Assert.Equal("gaussian-copula", GeneratorCatalog.Default.Fit("auto", Real, Schema, new TrainingOptions { TimeBudget = TimeSpan.FromSeconds(1) }).ModelKind);
    }

    [Fact]
    public void Fit_Progress_ReportedForEveryModel()
    {
        var reports = new List<TrainingProgress>();
        var progress = new Progress(reports);

        GeneratorCatalog.Default.Fit("gaussian-copula", Real, Schema, new TrainingOptions { Progress = progress });

        Assert.Single(reports);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{\"a\":1}", "declares no \"format\"")]
    [InlineData("{\"format\":\"onnx\"}", "format 'onnx'")]
    public void Load_ForeignFile_ThrowsOneLineReason(string text, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => GeneratorCatalog.Default.Load(new MemoryStream(Encoding.UTF8.GetBytes(text))));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Fit_UnknownName_ThrowsListingTheNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => GeneratorCatalog.Default.Fit("gpt", Real, Schema));
        Assert.Contains(LatentMixtureGenerator.Kind, ex.Message, StringComparison.Ordinal);
    }

    private sealed class Progress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
