using Augment.Data;

namespace Augment.Synthesis.Tests;

/// <summary>
/// Model files kept in <c>ModelFiles/</c>, written by an earlier build, must load in this one: a run trained last
/// release can still be sampled after an upgrade. The files were made by this class with
/// <c>AUGMENT_WRITE_MODEL_FIXTURES=1 dotnet test tests/Augment.Synthesis.Tests --filter ModelFileCompatibility</c>
/// (2026-11-22, 300 Adult rows, 5 columns, 2 epochs); rewrite them only together with a loader for the old format.
/// </summary>
public sealed class ModelFileCompatibilityTests
{
    private static readonly string[] ColumnNames = ["age", "workclass", "education_num", "sex", "income"];

    public static TheoryData<string> Kinds => new() { "gaussian-copula", "latent-mixture", "tvae", "ctgan" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_FileOfAnEarlierBuild_SamplesRowsOfItsColumnsAndCategories(string kind)
    {
        var path = Path.Combine(Stats.RepoRoot(), "tests", "Augment.Synthesis.Tests", "ModelFiles", kind + ".model");
        var real = Real();
        if (Environment.GetEnvironmentVariable("AUGMENT_WRITE_MODEL_FIXTURES") == "1")
        {
            var schema = SchemaInference.Infer(real, new SchemaInferenceOptions { CategoricalColumns = ["income"] });
            var fitted = GeneratorCatalog.Default.Fit(kind, real, schema, new TrainingOptions { Seed = 1, Target = "income", Epochs = 2, BatchSize = 100 });
            using var output = File.Create(path);
            fitted.Save(output);
        }

        using var file = File.OpenRead(path);
        var model = GeneratorCatalog.Default.Load(file);
        var rows = model.Sample(400, seed: 3);
        var conditioned = model.Sample(50, seed: 4, new SampleCondition("income", ">50K"));

        Assert.Equal(kind, model.ModelKind);
        Assert.Equal(ColumnNames, rows.Columns);
        Assert.Equal(400, rows.RowCount);
        Assert.All(conditioned.Column(conditioned.IndexOf("income")), v => Assert.Equal(">50K", v));
        foreach (var column in new[] { "workclass", "sex", "income" })
        {
            var known = real.Column(real.IndexOf(column)).ToHashSet();
            Assert.All(rows.Column(rows.IndexOf(column)), v => Assert.Contains(v, known));
        }

        Assert.All(rows.Column(rows.IndexOf("age")), v => Assert.InRange(int.Parse(v!, System.Globalization.CultureInfo.InvariantCulture), 17, 90));
    }

    private static DataTable Real()
    {
        var adult = Stats.LoadCsv(Stats.AdultPath);
        return adult.SelectRows([.. Enumerable.Range(0, 300)]).SelectColumns([.. ColumnNames.Select(adult.IndexOf)]);
    }
}
