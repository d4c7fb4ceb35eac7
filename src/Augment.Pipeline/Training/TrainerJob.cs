using System.Diagnostics;
using System.Text.Json;
using Augment.Data;
using Augment.Storage;
using Augment.Synthesis;

namespace Augment.Pipeline.Training;

/// <summary>
/// The trainer's work, independent of how it is hosted: read the run's training rows and schema from
/// <c>work/{runId}/</c>, fit the requested generator, write the model and metrics under <c>models/{runId}/</c> (and the
/// model at <c>work/{runId}/model.json</c>, where sampling reads it), with a heartbeat at <c>models/{runId}/progress.json</c>.
/// A spec with <see cref="TrainingJobSpec.Images"/> fits the image generator instead, through the TrainImages code
/// (training images from <c>work/{runId}/images/train.zip</c>, the model at <c>work/{runId}/images/generator.safetensors</c>
/// where SampleImages reads it, a copy at <c>models/{runId}/generator.safetensors</c>).
/// </summary>
public static class TrainerJob
{
    /// <summary>Reads a spec given as <c>container/blob</c>; throws <see cref="InvalidDataException"/> when missing or malformed.</summary>
    public static async Task<TrainingJobSpec> ReadSpecAsync(IBlobStore blobs, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == reference.Length - 1)
        {
            throw new InvalidDataException($"job spec reference '{reference}' is not 'container/blob'");
        }

        var text = await BlobTables.ReadTextAsync(blobs, reference[..slash], reference[(slash + 1)..], 64 * 1024, cancellationToken)
            ?? throw new InvalidDataException($"job spec '{reference}' does not exist");
        return TrainingJobSpec.Parse(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// Trains per <paramref name="spec"/> and returns the metrics it wrote, under an <c>augment.train</c> span that
    /// continues the run's trace from <see cref="TrainingJobSpec.TraceParent"/>.
    /// </summary>
    public static async Task<TrainingMetrics> RunAsync(IBlobStore blobs, TrainingJobSpec spec, string device, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(time);
        return await RunTelemetry.TraceAsync(RunTelemetry.SpanName("train"), spec.RunId, spec.TraceParent, span =>
        {
            span?.SetTag("augment.model", spec.Model).SetTag("augment.trainer", "job").SetTag("augment.device", device);
            return TrainAsync(blobs, spec, device, time, cancellationToken);
        }, (span, metrics) => span
            .SetTag("augment.trained_model", metrics.ModelKind)
            .SetTag("augment.train_rows", metrics.TrainRows)
            .SetTag("augment.fit_seconds", metrics.Seconds)).ConfigureAwait(false);
    }

    /// <summary>How often a running trainer rewrites its heartbeat (stage and time), whatever it is doing.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    private static async Task<TrainingMetrics> TrainAsync(IBlobStore blobs, TrainingJobSpec spec, string device, TimeProvider time, CancellationToken cancellationToken)
    {
        await blobs.CreateContainerIfNotExistsAsync(TrainingEvents.ModelsContainer, cancellationToken).ConfigureAwait(false);
        using var heartbeat = new Heartbeat(blobs, spec.RunId, time);
        // "training" covers reading the rows too: the Train activity reads them (or their sample) itself.
        await heartbeat.SetAsync(new TrainingProgress("training", time.GetUtcNow(), $"{spec.Model} on {device}"), cancellationToken).ConfigureAwait(false);
        using var beating = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beat = heartbeat.BeatAsync(HeartbeatInterval, beating.Token);
        TrainingMetrics metrics;
        try
        {
            metrics = spec.Images is null
                ? await TrainTableAsync(blobs, spec, device, heartbeat, time, cancellationToken).ConfigureAwait(false)
                : await TrainImagesAsync(blobs, spec, spec.Images, device, heartbeat, time, cancellationToken).ConfigureAwait(false);
            await BlobTables.WriteJsonAsync(blobs, TrainingEvents.ModelsContainer, $"{spec.RunId}/metrics.json", metrics, TrainingJsonContext.Default.TrainingMetrics, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Stopped before the last word ("done" here, "failed" by the caller), so no late beat overwrites it.
            await beating.CancelAsync().ConfigureAwait(false);
            await beat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await ReportAsync(blobs, spec.RunId, new TrainingProgress("done", time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return metrics;
    }

    private static async Task<TrainingMetrics> TrainTableAsync(IBlobStore blobs, TrainingJobSpec spec, string device, Heartbeat heartbeat, TimeProvider time, CancellationToken cancellationToken)
    {
        // The same work as the in-process Train activity: any GeneratorCatalog model (auto included), the model at
        // work/{runId}/model.json and live progress (step, loss, ETA) at work/{runId}/progress.json.
        var trained = await new Activities.TrainActivity(blobs).RunAsync(
            new TrainInput(spec.RunId, spec.Model, spec.Seed, spec.Target, spec.Epochs, spec.BatchSize, spec.TimeBudgetSeconds), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        await heartbeat.SetAsync(new TrainingProgress("saving", time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await CopyToModelsAsync(blobs, WorkArea.Model(spec.RunId), $"{spec.RunId}/model.json", "application/json", cancellationToken).ConfigureAwait(false);
        return new TrainingMetrics(trained.Model, $"{WorkArea.WorkContainer}/{WorkArea.Model(spec.RunId)}", trained.FitRows, trained.Seconds, device);
    }

    private static async Task<TrainingMetrics> TrainImagesAsync(IBlobStore blobs, TrainingJobSpec spec, Images.ImageSpec images, string device, Heartbeat heartbeat, TimeProvider time, CancellationToken cancellationToken)
    {
        // The same work as the in-process TrainImages activity: the model at work/{runId}/images/generator.safetensors
        // (where SampleImages reads it), its ONNX export beside it, live progress at work/{runId}/progress.json.
        var (trained, count) = await new Images.ImageActivities(blobs, time: time).TrainAndSaveAsync(new Images.ImageTrainInput(spec.RunId, images), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        await heartbeat.SetAsync(new TrainingProgress("saving", time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await CopyToModelsAsync(blobs, Images.ImageActivities.Model(spec.RunId), $"{spec.RunId}/generator.safetensors", "application/octet-stream", cancellationToken).ConfigureAwait(false);
        return new TrainingMetrics(trained.Generator, trained.Model, count, trained.Seconds, device) { FinalLoss = trained.FinalLoss, LossCurve = trained.LossCurve };
    }

    /// <summary>Keeps a copy of the trained model under <c>models/{runId}/</c>, beside its metrics.</summary>
    private static async Task CopyToModelsAsync(IBlobStore blobs, string workBlob, string modelsBlob, string contentType, CancellationToken cancellationToken)
    {
        await using var model = await blobs.OpenReadAsync(WorkArea.WorkContainer, workBlob, null, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("the trained model was not written");
        await blobs.UploadAsync(TrainingEvents.ModelsContainer, modelsBlob, model.Content, new BlobWriteOptions { ContentType = contentType }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The heartbeat of a running trainer: the current stage, rewritten with the current time every interval, so a poll
    /// can tell a trainer that is working (however long its fit) from one that hangs or is gone.
    /// </summary>
    internal sealed class Heartbeat(IBlobStore blobs, string runId, TimeProvider time) : IDisposable
    {
        private readonly SemaphoreSlim _write = new(1, 1);
        private TrainingProgress? _current;

        public void Dispose() => _write.Dispose();

        /// <summary>Writes a new stage now.</summary>
        public async Task SetAsync(TrainingProgress progress, CancellationToken cancellationToken)
        {
            await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _current = progress;
                await ReportAsync(blobs, runId, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _write.Release();
            }
        }

        /// <summary>Rewrites the current stage with the current time every <paramref name="interval"/> until cancelled.
        /// A failed write (a storage blip) is skipped: the next beat tries again.</summary>
        public async Task BeatAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_current is not { } current)
                {
                    continue;
                }

                try
                {
                    await SetAsync(current with { At = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage unreachable for a moment; a poll sees an older beat, within the stale limit.
                }
            }
        }
    }

    /// <summary>Overwrites the heartbeat blob <c>models/{runId}/progress.json</c>.</summary>
    public static Task ReportAsync(IBlobStore blobs, string runId, TrainingProgress progress, CancellationToken cancellationToken = default) =>
        BlobTables.WriteJsonAsync(blobs, TrainingEvents.ModelsContainer, $"{runId}/progress.json", progress, TrainingJsonContext.Default.TrainingProgress, cancellationToken);

    /// <summary>Reads the trainer's result (<c>models/{runId}/metrics.json</c>), or null when it has not written one.</summary>
    public static async Task<TrainingMetrics?> ReadMetricsAsync(IBlobStore blobs, string runId, CancellationToken cancellationToken = default)
    {
        var text = await BlobTables.ReadTextAsync(blobs, TrainingEvents.ModelsContainer, $"{runId}/metrics.json", 64 * 1024, cancellationToken).ConfigureAwait(false);
        return text is null ? null : JsonSerializer.Deserialize(text, TrainingJsonContext.Default.TrainingMetrics);
    }

    /// <summary>Reads the heartbeat, or null when none was written.</summary>
    public static async Task<TrainingProgress?> ReadProgressAsync(IBlobStore blobs, string runId, CancellationToken cancellationToken = default)
    {
        var text = await BlobTables.ReadTextAsync(blobs, TrainingEvents.ModelsContainer, $"{runId}/progress.json", 64 * 1024, cancellationToken).ConfigureAwait(false);
        return text is null ? null : JsonSerializer.Deserialize(text, TrainingJsonContext.Default.TrainingProgress);
    }
}
