using Augment.Pipeline.Quality;
using Augment.Pipeline.Training;
using Augment.Storage;
using Augment.Synthesis.Onnx;
using Microsoft.Extensions.Logging;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Every activity of the AugmentDataset orchestration behind one facade, so each host (the Functions app's
/// <c>[ActivityTrigger]</c> functions, the direct Durable Task registration) calls the same code. Each method is
/// idempotent: it reads and writes only deterministic blob names under <c>work/{runId}/</c>. Each runs under a span of
/// <see cref="RunTelemetry.Source"/> (<c>augment.profile</c>, <c>augment.train</c>, <c>augment.sample_shard</c>, …), a
/// child of the run's <c>traceparent</c> carried in its input, tagged <c>augment.run_id</c> and the stage's counts.
/// </summary>
public sealed class PipelineActivities
{
    private readonly ProfileActivity profile;
    private readonly TrainActivity train;
    private readonly SampleShardActivity sample;
    private readonly FilterAndAuditActivity filter;
    private readonly EvaluateActivity evaluate;
    private readonly MergeActivity merge;
    private readonly TrainingJobActivities? jobs;

    /// <summary>Creates the activities over <paramref name="blobs"/>; <paramref name="runner"/> is the training job runner, if
    /// training runs as a separate job; <paramref name="time"/> dates the trainer's heartbeat (default the system clock);
    /// <paramref name="loggers"/> gets what SampleShard logs (the ONNX Runtime provider chosen and why, or a fallback).</summary>
    public PipelineActivities(IBlobStore blobs, ITrainingJobRunner? runner = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        profile = new ProfileActivity(blobs);
        train = new TrainActivity(blobs);
        sample = new SampleShardActivity(blobs, null, OnnxEngineOptions.Default, loggers?.CreateLogger<SampleShardActivity>());
        filter = new FilterAndAuditActivity(blobs, Realism.Scorer);
        evaluate = new EvaluateActivity(blobs);
        merge = new MergeActivity(blobs);
        jobs = runner is null ? null : new TrainingJobActivities(blobs, runner, time ?? TimeProvider.System);
    }

    /// <summary>Whether the Train step runs as a separate trainer job (a runner is configured).</summary>
    public bool TrainsAsJob => jobs is not null;

    /// <summary>Profile: schema, spec, train/holdout split.</summary>
    public Task<ProfileResult> ProfileAsync(ProfileInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("profile"), input.RunId, input.Request.TraceParent, _ => profile.RunAsync(input, cancellationToken), (span, result) => span
            .SetTag("augment.dataset", input.Request.Dataset)
            .SetTag("augment.rows", result.Rows)
            .SetTag("augment.train_rows", result.TrainRows)
            .SetTag("augment.holdout_rows", result.HoldoutRows)
            .SetTag("augment.columns", result.Columns.Count)
            .SetTag("augment.model", result.Spec.Model));

    /// <summary>Train in process.</summary>
    public Task<TrainResult> TrainAsync(TrainInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("train"), input.RunId, input.TraceParent, span =>
        {
            span?.SetTag("augment.model", input.Model).SetTag("augment.trainer", "in-process");
            return train.RunAsync(input, cancellationToken);
        }, (span, result) => span.SetTag("augment.trained_model", result.Model).SetTag("augment.fit_seconds", result.Seconds));

    /// <summary>Sample one shard.</summary>
    public Task<SampleShardResult> SampleShardAsync(SampleShardInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("sample_shard"), input.RunId, input.TraceParent, span =>
        {
            span?.SetTag("augment.shard", input.Shard.Index).SetTag("augment.shard_rows", input.Shard.Rows);
            return sample.RunAsync(input, cancellationToken);
        }, (span, result) => span.SetTag("augment.rows", result.Rows).SetTag("augment.sampler", result.Sampler?.Label));

    /// <summary>Filter the sampled rows and audit group shares.</summary>
    public Task<FilterResult> FilterAndAuditAsync(FilterInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("filter_and_audit"), input.RunId, input.TraceParent, span =>
        {
            span?.SetTag("augment.shards", input.Shards.Count);
            return filter.RunAsync(input, cancellationToken);
        }, (span, result) => span.SetTag("augment.sampled", result.Sampled).SetTag("augment.kept", result.Kept));

    /// <summary>Evaluate the kept rows on the holdout.</summary>
    public Task<EvaluateResult> EvaluateAsync(EvaluateInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("evaluate"), input.RunId, input.TraceParent, _ => evaluate.RunAsync(input, cancellationToken),
            (span, result) => span.SetTag("augment.findings", result.Findings.Count));

    /// <summary>Publish the outputs.</summary>
    public Task<AugmentResult> MergeAsync(MergeInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("merge"), input.RunId, input.Request.TraceParent, _ => merge.RunAsync(input, cancellationToken), (span, result) => span
            .SetTag("augment.synthetic_rows", result.SyntheticRows)
            .SetTag("augment.outputs", result.Outputs.Count)
            .SetTag("augment.audit_decision", input.AuditOutcome.Decision));

    /// <summary>
    /// Start the trainer job. Its job spec carries this span's <c>traceparent</c> (or the run's, when nothing records
    /// spans here), so the trainer's <c>augment.train</c> span joins the run's trace.
    /// </summary>
    public Task<TrainingJobHandle> StartTrainingJobAsync(TrainInput input, CancellationToken cancellationToken = default) =>
        RunTelemetry.TraceAsync(RunTelemetry.SpanName("start_training_job"), input.RunId, input.TraceParent, span =>
        {
            span?.SetTag("augment.model", input.Model);
            return Jobs.StartAsync(input with { TraceParent = RunTelemetry.TraceParentOf(span) ?? input.TraceParent }, cancellationToken);
        }, (span, handle) => span.SetTag("augment.runner", handle.Runner).SetTag("augment.execution", handle.ExecutionId).SetTag("augment.device", handle.Device));

    /// <summary>Poll the trainer job (no span: polls come every few seconds, and their input carries no trace context).</summary>
    public Task<TrainingJobReport> GetTrainingJobStatusAsync(TrainingJobPoll poll, CancellationToken cancellationToken = default) => Jobs.GetStatusAsync(poll, cancellationToken);

    /// <summary>Stop the trainer job (after the training timeout; no span, its input carries no trace context).</summary>
    public Task<bool> StopTrainingJobAsync(TrainingJobPoll poll, CancellationToken cancellationToken = default) => Jobs.StopAsync(poll, cancellationToken);

    private TrainingJobActivities Jobs => jobs ?? throw new InvalidOperationException("No training job runner is configured (Augment__Training__Runner); the Train step runs in process.");
}
