using Microsoft.DurableTask;
using Augment.Pipeline.Planning;

namespace Augment.Pipeline.Orchestrations;

/// <summary>
/// The AugmentDataset orchestration: Profile → Train → SampleShard × N (in parallel) → FilterAndAudit → Evaluate →
/// audit gate (warn, fail, or wait for approval) → Merge; an image archive upload takes the image branch
/// (<see cref="Images.ImageOrchestration"/>).
/// Replayed from history: it must stay deterministic (no wall clock, no Guid.NewGuid, no shared randomness, no
/// Task.Delay; a test scans this folder for them). Progress goes to the custom status; a failed stage fails the run
/// with one line naming the stage and the reason.
/// </summary>
public static class AugmentDatasetOrchestrator
{
    /// <summary>The orchestration's registered name.</summary>
    public const string Name = "AugmentDataset";

    /// <summary>The orchestrator function, training in process (the Train activity).</summary>
    public static Task<AugmentResult> RunAsync(TaskOrchestrationContext context, AugmentRequest request) => RunAsync(context, request, null);

    /// <summary>
    /// The orchestrator function. With a <paramref name="trainingJobs"/> policy the Train step runs as a separate trainer
    /// execution through the host's job runner (<see cref="TrainingJobStep"/>); without one, in process.
    /// </summary>
    public static async Task<AugmentResult> RunAsync(TaskOrchestrationContext context, AugmentRequest request, TrainingJobPolicy? trainingJobs)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = context.InstanceId;
        // The run's trace context, copied into each activity's input as a plain string (the activities start the spans).
        var traceParent = request.TraceParent;
        var stages = new List<StageTiming>();
        var retry = TransientRetry.For(request.StorageRetryWindowSeconds);
        if (request.Rejected is { } rejected)
        {
            throw new AugmentationFailedException($"Upload failed: {request.Container}/{request.BlobName} starts no run: {rejected}.");
        }

        if (Images.ImageActivities.IsImageRun(request))
        {
            return await Images.ImageOrchestration.RunAsync(context, request, stages, retry, trainingJobs);
        }

        context.SetCustomStatus(new RunProgress("Profiling", 0, 0, $"Reading {request.BlobName} and inferring its schema"));
        var profile = await StageAsync(context, stages, "Profile", () =>
            context.CallActivityAsync<ProfileResult>(ActivityNames.Profile, new ProfileInput(runId, request), retry));
        var spec = profile.Spec;

        // The Train activity keeps work/{runId}/progress.json current while it trains (iteration, loss, elapsed, ETA).
        context.SetCustomStatus(new RunProgress("Training", 0, 0, $"Fitting {spec.Model} on {profile.TrainRows} rows; progress in {WorkArea.WorkContainer}/{WorkArea.Progress(runId)}"));
        var trainInput = new TrainInput(runId, spec.Model, spec.Seed, spec.Target, spec.Epochs, spec.BatchSize, spec.TimeBudgetSeconds) { TraceParent = traceParent };
        var train = await StageAsync(context, stages, "Train", () => trainingJobs is null
            ? context.CallActivityAsync<TrainResult>(ActivityNames.Train, trainInput, retry)
            : TrainingJobStep.RunAsync(context, trainInput, trainingJobs, retry));

        var shards = ShardPlanner.Plan(ShardPlanner.Allocate(spec.Rows, profile.TrainRows, profile.ClassCounts), spec.ShardSize);
        var sampled = await StageAsync(context, stages, "Sample", () => SampleAllAsync(context, runId, spec.Seed, spec.Target, shards, traceParent, retry));

        context.SetCustomStatus(new RunProgress("Filtering", shards.Count, shards.Count, "Filtering for validity, constraints, duplicates, copies of real rows, privacy and realism"));
        var filtered = await StageAsync(context, stages, "FilterAndAudit", () =>
            context.CallActivityAsync<FilterResult>(ActivityNames.FilterAndAudit, new FilterInput(runId, sampled, spec) { TraceParent = traceParent }, retry));

        context.SetCustomStatus(new RunProgress("Evaluating", shards.Count, shards.Count, $"Measuring {filtered.Kept} synthetic rows against {profile.HoldoutRows} held-out real rows"));
        var evaluation = await StageAsync(context, stages, "Evaluate", () =>
            context.CallActivityAsync<EvaluateResult>(ActivityNames.Evaluate, new EvaluateInput(runId, spec, filtered.Audit) { TraceParent = traceParent }, retry));

        var outcome = await AuditGate.DecideAsync(context, spec.Quality, evaluation.Findings, shards.Count);

        context.SetCustomStatus(new RunProgress("Merging", shards.Count, shards.Count, "Publishing augmented.csv, synthetic.csv, report.html and report.json"));
        // The report lists the stages finished before Merge (Merge writes it).
        var mergeInput = new MergeInput(runId, request, profile, train, filtered, outcome, [.. stages]) { Sampling = SamplerInfo.Summarize(sampled) };
        var result = await StageAsync(context, stages, "Merge", () =>
            context.CallActivityAsync<AugmentResult>(ActivityNames.Merge, mergeInput, retry));

        context.SetCustomStatus(new RunProgress("Done", shards.Count, shards.Count, $"{result.SyntheticRows} synthetic rows added to {result.TrainRows} real rows"));
        return result;
    }

    private static async Task<IReadOnlyList<SampleShardResult>> SampleAllAsync(
        TaskOrchestrationContext context, string runId, int seed, string? target, IReadOnlyList<ShardPlan> shards, string? traceParent, TaskOptions retry)
    {
        context.SetCustomStatus(new RunProgress("Sampling", 0, shards.Count, $"Sampling {shards.Sum(s => s.Rows)} rows in {shards.Count} parallel shards"));
        var tasks = shards
            .Select(s => context.CallActivityAsync<SampleShardResult>(ActivityNames.SampleShard, new SampleShardInput(runId, s, WorkArea.ShardSeed(seed, s.Index), target) { TraceParent = traceParent }, retry))
            .ToList();

        // Fan-in one completion at a time so the custom status shows shard progress.
        var pending = new List<Task<SampleShardResult>>(tasks);
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            await done; // surfaces a failed shard at once
            var finished = tasks.Count - pending.Count;
            context.SetCustomStatus(new RunProgress("Sampling", finished, shards.Count, $"Sampled {finished} of {shards.Count} shards"));
        }

        return await Task.WhenAll(tasks);
    }

    /// <summary>Runs one stage, recording its timing; a failed activity fails the run with "{stage} failed: {reason}".</summary>
    internal static async Task<T> StageAsync<T>(TaskOrchestrationContext context, List<StageTiming> stages, string stage, Func<Task<T>> run)
    {
        var started = context.CurrentUtcDateTime;
        try
        {
            var result = await run();
            stages.Add(new StageTiming(stage, started, context.CurrentUtcDateTime));
            return result;
        }
        catch (TaskFailedException ex)
        {
            throw new AugmentationFailedException($"{stage} failed: {OneLine(ex.FailureDetails.ErrorMessage)}");
        }
    }

    private static string OneLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        return cut < 0 ? message : message[..cut];
    }
}

/// <summary>A run failed; the message is the one-line reason shown in its status.</summary>
public sealed class AugmentationFailedException : Exception
{
    public AugmentationFailedException(string message) : base(message) { }

    public AugmentationFailedException() : base("The run failed.") { }

    public AugmentationFailedException(string message, Exception inner) : base(message, inner) { }
}
