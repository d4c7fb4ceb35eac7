using System.Diagnostics;
using System.Text.Json.Serialization;
using Augment.Data;
using Augment.Storage;
using Augment.Synthesis;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Fits the spec's generator (through <see cref="GeneratorCatalog"/>; <c>auto</c> is resolved on the training table) and
/// saves it as <c>work/{runId}/model.json</c> (and a neural model's network as <c>work/{runId}/model.onnx</c>). While it trains it keeps <c>work/{runId}/progress.json</c> up to date
/// (about once a second, and once when done), so a status endpoint can show progress while the orchestration waits.
/// </summary>
internal sealed class TrainActivity(IBlobStore blobs, GeneratorCatalog? catalog = null, TimeSpan? progressInterval = null)
{
    private readonly GeneratorCatalog _catalog = catalog ?? GeneratorCatalog.Default;
    private readonly TimeSpan _interval = progressInterval ?? TimeSpan.FromSeconds(1);

    public async Task<TrainResult> RunAsync(TrainInput input, CancellationToken cancellationToken)
    {
        // Profile wrote a sample to fit on when there are more training rows than the limit allows.
        var fitOn = await blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.FitSample(input.RunId), cancellationToken) is null
            ? WorkArea.Train(input.RunId)
            : WorkArea.FitSample(input.RunId);
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, fitOn, null, cancellationToken);
        var schema = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), DataJsonContext.Default.DatasetSchema, cancellationToken);

        var budget = input.TimeBudgetSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        var name = input.Model == GeneratorCatalog.Auto ? _catalog.Choose(train.RowCount, budget).Name : input.Model;
        var latest = new LatestProgress();
        var options = new TrainingOptions
        {
            Seed = input.Seed,
            Target = input.Target,
            Epochs = input.Epochs,
            BatchSize = input.BatchSize,
            TimeBudget = budget,
            Progress = latest,
        };

        var clock = Stopwatch.StartNew();
        var fit = Task.Run(() => _catalog.Fit(name, train, schema, options), cancellationToken);
        TrainingProgress? written = null;
        while (await Task.WhenAny(fit, Task.Delay(_interval, cancellationToken)) != fit)
        {
            if (latest.Value is { } now && !ReferenceEquals(now, written))
            {
                await WriteProgressAsync(input.RunId, name, now, done: false, cancellationToken);
                written = now;
            }
        }

        var model = await fit;
        var seconds = clock.Elapsed.TotalSeconds;
        var metrics = (model as Synthesis.Mixture.LatentMixtureGenerator)?.Metrics;
        var last = latest.Value ?? new TrainingProgress(1, 1, "iteration", 0, clock.Elapsed, TimeSpan.Zero, name);
        await WriteProgressAsync(input.RunId, name, last with { Elapsed = clock.Elapsed, Eta = TimeSpan.Zero }, done: true, cancellationToken);

        await using var file = BlobTables.TempFile();
        model.Save(file);
        file.Position = 0;
        await blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Model(input.RunId), file, new BlobWriteOptions { ContentType = "application/json" }, cancellationToken);
        if (model is Synthesis.Neural.IOnnxSampleable neural)
        {
            // Exported once, here, so every SampleShard (and the trainer's GPU image) reads the same graph.
            await using var onnx = BlobTables.TempFile();
            neural.ExportOnnx(onnx);
            onnx.Position = 0;
            await blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.OnnxModel(input.RunId), onnx, new BlobWriteOptions { ContentType = "application/octet-stream" }, cancellationToken);
        }

        return new TrainResult(model.ModelKind, $"{WorkArea.WorkContainer}/{WorkArea.Model(input.RunId)}", seconds, metrics) { FitRows = train.RowCount };
    }

    private Task WriteProgressAsync(string runId, string model, TrainingProgress p, bool done, CancellationToken cancellationToken) =>
        BlobTables.WriteJsonAsync(
            blobs,
            WorkArea.WorkContainer,
            WorkArea.Progress(runId),
            new TrainingStatus(model, p.Step, p.TotalSteps, p.Unit, p.Loss, p.Elapsed.TotalSeconds, p.Eta?.TotalSeconds, p.Stage, done),
            ProgressJsonContext.Default.TrainingStatus,
            cancellationToken);

    /// <summary>Keeps the latest report (the trainer reports on its own thread).</summary>
    private sealed class LatestProgress : IProgress<TrainingProgress>
    {
        private TrainingProgress? _value;

        public TrainingProgress? Value => Volatile.Read(ref _value);

        public void Report(TrainingProgress value) => Volatile.Write(ref _value, value);
    }
}

/// <summary>Source-generated JSON of <c>progress.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrainingStatus))]
internal sealed partial class ProgressJsonContext : JsonSerializerContext;
