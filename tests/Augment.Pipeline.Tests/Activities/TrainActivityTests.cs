using System.Globalization;
using System.Text.Json;
using Augment.Data;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Planning;
using Augment.Storage;
using Augment.Synthesis;

namespace Augment.Pipeline.Tests.Activities;

/// <summary>Train and SampleShard through the generator catalog, on in-memory blobs.</summary>
public sealed class TrainActivityTests
{
    private const string RunId = "t-0001";

    /// <summary>A class column and two numbers that depend on it.</summary>
    private static DataTable Table(int rows)
    {
        var random = new Random(3);
        var cls = new string?[rows];
        var a = new string?[rows];
        var b = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var yes = random.NextDouble() < 0.3;
            cls[r] = yes ? "yes" : "no";
            a[r] = ((yes ? 50 : 20) + (10 * random.NextDouble())).ToString("F1", CultureInfo.InvariantCulture);
            b[r] = random.Next(yes ? 5 : 0, yes ? 10 : 5).ToString(CultureInfo.InvariantCulture);
        }

        return DataTable.FromColumns(["a", "b", "label"], [a, b, cls]);
    }

    private static async Task<InMemoryBlobStore> StoreWithTrainingData(int rows)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var table = Table(rows);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(RunId), table, default);
        var schema = SchemaInference.Infer(table);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(RunId), schema, DataJsonContext.Default.DatasetSchema, default);
        return blobs;
    }

    [Theory]
    [InlineData("latent-mixture", 500, "latent-mixture")]
    [InlineData("gaussian-copula", 500, "gaussian-copula")]
    [InlineData("auto", 500, "latent-mixture")]
    public async Task RunAsync_EveryModel_SavesAModelThatSampleShardLoads(string model, int rows, string expected)
    {
        var blobs = await StoreWithTrainingData(rows);

        var result = await new TrainActivity(blobs).RunAsync(new TrainInput(RunId, model, 1, "label", Epochs: 5), default);
        var shard = await new SampleShardActivity(blobs).RunAsync(new SampleShardInput(RunId, new ShardPlan(0, 120, "yes"), 9, "label"), default);

        Assert.Equal(expected, result.Model);
        var sampled = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, shard.Blob, null, default);
        Assert.Equal(120, sampled.RowCount);
        Assert.All(sampled.Column(2), v => Assert.Equal("yes", v));
        // "yes" rows have a in [50, 60) in the real data, "no" rows in [20, 30); unconditionally 30 % are above 40.
        // (The copula links a to the class only linearly, so it gets a weaker majority than the mixture.)
        var high = sampled.Column(0).Count(v => double.Parse(v!, CultureInfo.InvariantCulture) > 40);
        Assert.True(high > (expected == "latent-mixture" ? 114 : 50), $"{high} of 120 above 40");
    }

    [Fact]
    public async Task RunAsync_FitSampleWritten_FitsOnTheSampleNotEveryTrainingRow()
    {
        var blobs = await StoreWithTrainingData(600);
        var sample = Table(600).SelectRows([.. Enumerable.Range(0, 150)]);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.FitSample(RunId), sample, default);

        var result = await new TrainActivity(blobs).RunAsync(new TrainInput(RunId, "gaussian-copula", 1, "label"), default);

        Assert.Equal(150, result.FitRows);
        Assert.Equal(600, (await new TrainActivity(await StoreWithTrainingData(600)).RunAsync(new TrainInput(RunId, "gaussian-copula", 1, "label"), default)).FitRows);
    }

    [Fact]
    public async Task RunAsync_Mixture_WritesFinalProgressAndMetrics()
    {
        var blobs = await StoreWithTrainingData(600);

        var result = await new TrainActivity(blobs).RunAsync(new TrainInput(RunId, "latent-mixture", 1, "label", Epochs: 4), default);

        var status = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Progress(RunId), ProgressJsonContext.Default.TrainingStatus, default);
        Assert.True(status.Done);
        Assert.Equal("latent-mixture", status.Model);
        Assert.Equal("iteration", status.Unit);
        Assert.Equal(8, status.TotalSteps); // 4 iterations × 2 classes
        Assert.InRange(status.Step, 2, 8);
        Assert.NotNull(result.Metrics);
        Assert.Equal(result.Metrics!.Steps, status.Step > 4 ? result.Metrics.Steps : status.Step);
        Assert.True(double.IsFinite(status.Loss) && status.Loss > 0);
    }

    [Fact]
    public async Task RunAsync_SameInput_SameSampledShard()
    {
        async Task<string> Once()
        {
            var blobs = await StoreWithTrainingData(700);
            await new TrainActivity(blobs).RunAsync(new TrainInput(RunId, "latent-mixture", 2, "label"), default);
            var shard = await new SampleShardActivity(blobs).RunAsync(new SampleShardInput(RunId, new ShardPlan(0, 200, null), 4, "label"), default);
            await using var download = (await blobs.OpenReadAsync(WorkArea.WorkContainer, shard.Blob))!;
            using var reader = new StreamReader(download.Content);
            return await reader.ReadToEndAsync();
        }

        Assert.Equal(await Once(), await Once());
    }
}
