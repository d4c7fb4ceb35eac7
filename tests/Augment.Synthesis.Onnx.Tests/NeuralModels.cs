using Augment.Data;
using Augment.Synthesis.Neural;

namespace Augment.Synthesis.Onnx.Tests;

/// <summary>A TVAE and a CTGAN fitted briefly on 600 Adult rows (the tests compare engines, not quality), built once.</summary>
public sealed class NeuralModels
{
    public NeuralModels()
    {
        var path = Path.Combine(RepoRoot(), "samples", "adult.csv");
        using var stream = File.OpenRead(path);
        var all = CsvTable.ReadAsync(stream).GetAwaiter().GetResult();
        Real = all.SelectRows([.. Enumerable.Range(0, 600)]);
        var schema = SchemaInference.Infer(Real, new SchemaInferenceOptions { CategoricalColumns = ["income"] });
        Tvae = TvaeGenerator.Fit(Real, schema, new TrainingOptions { Seed = 5, Epochs = 3, BatchSize = 100 });
        Ctgan = CtganGenerator.Fit(Real, schema, new TrainingOptions { Seed = 5, Epochs = 3, BatchSize = 100 });
    }

    public DataTable Real { get; }

    public TvaeGenerator Tvae { get; }

    public CtganGenerator Ctgan { get; }

    public static byte[] Onnx(IOnnxSampleable model)
    {
        using var buffer = new MemoryStream();
        model.ExportOnnx(buffer);
        return buffer.ToArray();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

[CollectionDefinition(Name)]
public sealed class NeuralModelsCollection : ICollectionFixture<NeuralModels>
{
    public const string Name = "neural-models";
}
