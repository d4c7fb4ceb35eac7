using System.Globalization;
using Augment.Data;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Planning;
using Augment.Storage;
using Augment.Synthesis.Onnx;
using Microsoft.Extensions.Logging;

namespace Augment.Pipeline.Tests.Activities;

/// <summary>SampleShard's engine choice: ONNX Runtime for neural models, our own sampler otherwise and as the fallback.</summary>
public sealed class SampleShardActivityTests
{
    private const string RunId = "s-0001";

    [Fact]
    public async Task RunAsync_Tvae_TrainExportsTheGraphOnceAndTheShardRunsItInOnnxRuntime()
    {
        var blobs = await TrainedAsync("tvae");
        var log = new ListLogger();

        var shard = await new SampleShardActivity(blobs, null, OnnxEngineOptions.Default, log).RunAsync(Input(), default);

        Assert.NotNull(await blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.OnnxModel(RunId)));
        Assert.Equal(SamplerInfo.OnnxRuntime, shard.Sampler!.Engine);
        Assert.Equal("CPU", shard.Sampler.Provider); // no CUDA provider in the CPU package that tests build with
        Assert.StartsWith("CUDA unavailable", shard.Sampler.Reason, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains("through ONNX Runtime on CPU", StringComparison.Ordinal));
        var rows = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, shard.Blob, null, default);
        Assert.Equal(120, rows.RowCount);
        Assert.All(rows.Column(2), v => Assert.Equal("yes", v));
    }

    [Fact]
    public async Task RunAsync_SameSeedTwiceThroughOnnxRuntime_WritesTheSameRows()
    {
        var blobs = await TrainedAsync("ctgan");
        var activity = new SampleShardActivity(blobs, null, OnnxEngineOptions.Default);

        var first = await ReadShardAsync(blobs, await activity.RunAsync(Input(), default));
        var second = await ReadShardAsync(blobs, await new SampleShardActivity(blobs, null, OnnxEngineOptions.Default).RunAsync(Input(), default));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task RunAsync_SessionCannotBeCreated_FallsBackToTheOwnSamplerAndLogsWhy()
    {
        var blobs = await TrainedAsync("tvae");
        await blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.OnnxModel(RunId), new MemoryStream([0xde, 0xad, 0xbe, 0xef]));
        var log = new ListLogger();

        var shard = await new SampleShardActivity(blobs, null, OnnxEngineOptions.Default, log).RunAsync(Input(), default);
        var fallback = await ReadShardAsync(blobs, shard);
        var own = await ReadShardAsync(blobs, await new SampleShardActivity(blobs).RunAsync(Input(), default));

        Assert.Equal(SamplerInfo.Own, shard.Sampler!.Engine);
        Assert.StartsWith("fallback: ONNX Runtime could not create a session: ", shard.Sampler.Reason, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains("sampling tvae with our own forward pass", StringComparison.Ordinal));
        Assert.Equal(own, fallback);
    }

    [Fact]
    public async Task RunAsync_LatentMixture_UsesTheOwnSamplerAndSaysSo()
    {
        var blobs = await TrainedAsync("latent-mixture");

        var shard = await new SampleShardActivity(blobs, null, OnnxEngineOptions.Default).RunAsync(Input(), default);

        Assert.Equal(new SamplerInfo(SamplerInfo.Own, "CPU", "latent-mixture has no ONNX form"), shard.Sampler);
        Assert.Null(await blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.OnnxModel(RunId)));
    }

    [Fact]
    public void Summarize_ShardsDiffer_KeepsTheMostCommonAndCountsTheRest()
    {
        var ort = new SamplerInfo(SamplerInfo.OnnxRuntime, "CPU", "CUDA unavailable");
        var own = new SamplerInfo(SamplerInfo.Own, "CPU", "fallback: no session");
        SampleShardResult Shard(int i, SamplerInfo s) => new(i, 10, $"b{i}") { Sampler = s };

        var summary = SamplerInfo.Summarize([Shard(0, ort), Shard(1, own), Shard(2, ort)]);

        Assert.Equal(SamplerInfo.OnnxRuntime, summary!.Engine);
        Assert.Equal("CUDA unavailable (2 of 3 shards; 1 of 3 shards: own (CPU), fallback: no session)", summary.Reason);
        Assert.Equal(ort, SamplerInfo.Summarize([Shard(0, ort), Shard(1, ort)]));
        Assert.Null(SamplerInfo.Summarize([new SampleShardResult(0, 1, "b")]));
    }

    private static SampleShardInput Input() => new(RunId, new ShardPlan(0, 120, "yes"), 9, "label");

    private static async Task<string> ReadShardAsync(InMemoryBlobStore blobs, SampleShardResult shard)
    {
        await using var download = await blobs.OpenReadAsync(WorkArea.WorkContainer, shard.Blob);
        using var reader = new StreamReader(download!.Content);
        return await reader.ReadToEndAsync();
    }

    private static async Task<InMemoryBlobStore> TrainedAsync(string model)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var random = new Random(3);
        var rows = 300;
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

        var table = DataTable.FromColumns(["a", "b", "label"], [a, b, cls]);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(RunId), table, default);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(RunId), SchemaInference.Infer(table), DataJsonContext.Default.DatasetSchema, default);
        await new TrainActivity(blobs).RunAsync(new TrainInput(RunId, model, 1, "label", Epochs: 2), default);
        return blobs;
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
