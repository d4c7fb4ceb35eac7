using System.Text.Json;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// The activities of training through an <see cref="ITrainingJobRunner"/> (a separate trainer process or a Container
/// Apps job execution): start it with a job spec written at <c>work/{runId}/train-job.json</c>, poll its state and
/// progress, stop it.
/// </summary>
internal sealed class TrainingJobActivities(IBlobStore blobs, ITrainingJobRunner runner, TimeProvider time)
{
    /// <summary>Writes the job spec and starts one trainer execution.</summary>
    public async Task<TrainingJobHandle> StartAsync(TrainInput input, CancellationToken cancellationToken)
    {
        var spec = new TrainingJobSpec(input.RunId, input.Model, input.Seed, input.Target, input.Epochs, input.BatchSize, input.TimeBudgetSeconds)
        {
            TraceParent = input.TraceParent,
            Images = input.Images,
        };
        await using (var json = new MemoryStream(spec.ToJson()))
        {
            await blobs.UploadAsync(WorkArea.WorkContainer, TrainingJobSpec.BlobName(input.RunId), json, new BlobWriteOptions { ContentType = "application/json" }, cancellationToken);
        }

        var reference = $"{WorkArea.WorkContainer}/{TrainingJobSpec.BlobName(input.RunId)}";
        return await runner.StartAsync(new TrainingJobRequest(input.RunId, reference, new Dictionary<string, string>()), cancellationToken);
    }

    /// <summary>The execution's state, the live progress (<c>work/{runId}/progress.json</c>) and the trainer's failure reason, if any.</summary>
    public async Task<TrainingJobReport> GetStatusAsync(TrainingJobPoll poll, CancellationToken cancellationToken)
    {
        var state = await runner.GetStateAsync(poll.Handle, cancellationToken);
        var text = await BlobTables.ReadTextAsync(blobs, WorkArea.WorkContainer, WorkArea.Progress(poll.RunId), 64 * 1024, cancellationToken);
        var progress = text is null ? null : JsonSerializer.Deserialize(text, ProgressJsonContext.Default.TrainingStatus);
        var heartbeat = await TrainerJob.ReadProgressAsync(blobs, poll.RunId, cancellationToken);
        var reason = heartbeat is { Stage: "failed" } ? heartbeat.Message : null;
        var result = heartbeat is { Stage: "done" } ? await TrainerJob.ReadMetricsAsync(blobs, poll.RunId, cancellationToken) : null;
        // The heartbeat's age is measured here, in the activity, so the orchestration replays the same number.
        var age = heartbeat is null ? (double?)null : Math.Max(0, (time.GetUtcNow() - heartbeat.At).TotalSeconds);
        return new TrainingJobReport(state, progress, heartbeat?.Stage, reason) { Result = result, HeartbeatAgeSeconds = age };
    }

    /// <summary>Stops the execution (after the training timeout).</summary>
    public async Task<bool> StopAsync(TrainingJobPoll poll, CancellationToken cancellationToken)
    {
        await runner.StopAsync(poll.Handle, cancellationToken);
        return true;
    }
}

/// <summary>Which execution of which run to poll or stop.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Handle">What the runner returned on start.</param>
public sealed record TrainingJobPoll(string RunId, TrainingJobHandle Handle);

/// <summary>What one poll of a training job found.</summary>
/// <param name="State">The runner's view of the execution.</param>
/// <param name="Progress">Live training progress (step, loss, elapsed, ETA), once the fit has started.</param>
/// <param name="TrainerStage">The trainer's heartbeat stage (training, saving, done, failed), if any.</param>
/// <param name="Reason">The trainer's one-line failure reason, when it wrote one.</param>
public sealed record TrainingJobReport(TrainingJobState State, TrainingStatus? Progress, string? TrainerStage, string? Reason)
{
    /// <summary>The trainer's result (<c>models/{runId}/metrics.json</c>) once its heartbeat says <c>done</c>; the run goes on with it.</summary>
    public TrainingMetrics? Result { get; init; }

    /// <summary>Seconds since the trainer last wrote its heartbeat (it rewrites it every
    /// <see cref="Training.TrainerJob.HeartbeatInterval"/>), as the poll found it; null before the first one.</summary>
    public double? HeartbeatAgeSeconds { get; init; }
}
