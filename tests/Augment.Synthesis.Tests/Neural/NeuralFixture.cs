using Augment.Data;
using Augment.Synthesis.Neural;

namespace Augment.Synthesis.Tests.Neural;

/// <summary>Shares one <see cref="NeuralFixture"/> between the neural test classes (trained once).</summary>
[CollectionDefinition(Name)]
public sealed class NeuralCollection : ICollectionFixture<NeuralFixture>
{
    public const string Name = "neural";
}

/// <summary>1,500 Adult rows and a TVAE and a CTGAN trained on them for a few hundred small steps, built once.</summary>
public sealed class NeuralFixture
{
    public NeuralFixture()
    {
        var all = Stats.LoadCsv(Stats.AdultPath);
        Real = all.SelectRows([.. Enumerable.Range(0, Math.Min(1500, all.RowCount))]);
        Schema = SchemaInference.Infer(Real, new SchemaInferenceOptions { CategoricalColumns = ["income"] });
        TvaeProgress = [];
        Tvae = TvaeGenerator.Fit(Real, Schema, new TrainingOptions { Seed = 3, Epochs = TvaeEpochs, BatchSize = 100, Progress = new Collect(TvaeProgress) });
        CtganProgress = [];
        Ctgan = CtganGenerator.Fit(Real, Schema, new TrainingOptions { Seed = 3, Epochs = CtganEpochs, BatchSize = 100, Progress = new Collect(CtganProgress) });
    }

    public const int TvaeEpochs = 40;

    public const int CtganEpochs = 25;

    public DataTable Real { get; }

    public DatasetSchema Schema { get; }

    public TvaeGenerator Tvae { get; }

    public List<TrainingProgress> TvaeProgress { get; }

    public CtganGenerator Ctgan { get; }

    public List<TrainingProgress> CtganProgress { get; }

    internal sealed class Collect(List<TrainingProgress> list) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => list.Add(value);
    }
}
