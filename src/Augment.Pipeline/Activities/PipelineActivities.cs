using Augment.Pipeline.Quality;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Every activity of the AugmentDataset orchestration behind one facade, so each host (the Functions app's
/// <c>[ActivityTrigger]</c> functions, the direct Durable Task registration) calls the same code. Each method is
/// idempotent: it reads and writes only deterministic blob names under <c>work/{runId}/</c>.
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

    /// <summary>Creates the activities over <paramref name="blobs"/>; <paramref name="runner"/> is the training job runner, if training runs as a separate job.</summary>
    public PipelineActivities(IBlobStore blobs, ITrainingJobRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        profile = new ProfileActivity(blobs);
        train = new TrainActivity(blobs);
        sample = new SampleShardActivity(blobs);
        filter = new FilterAndAuditActivity(blobs, Realism.Scorer);
        evaluate = new EvaluateActivity(blobs);
        merge = new MergeActivity(blobs);
        jobs = runner is null ? null : new TrainingJobActivities(blobs, runner);
    }

    /// <summary>Whether the Train step runs as a separate trainer job (a runner is configured).</summary>
    public bool TrainsAsJob => jobs is not null;

    /// <summary>Profile: schema, spec, train/holdout split.</summary>
    public Task<ProfileResult> ProfileAsync(ProfileInput input, CancellationToken cancellationToken = default) => profile.RunAsync(input, cancellationToken);

    /// <summary>Train in process.</summary>
    public Task<TrainResult> TrainAsync(TrainInput input, CancellationToken cancellationToken = default) => train.RunAsync(input, cancellationToken);

    /// <summary>Sample one shard.</summary>
    public Task<SampleShardResult> SampleShardAsync(SampleShardInput input, CancellationToken cancellationToken = default) => sample.RunAsync(input, cancellationToken);

    /// <summary>Filter the sampled rows and audit group shares.</summary>
    public Task<FilterResult> FilterAndAuditAsync(FilterInput input, CancellationToken cancellationToken = default) => filter.RunAsync(input, cancellationToken);

    /// <summary>Evaluate the kept rows on the holdout.</summary>
    public Task<EvaluateResult> EvaluateAsync(EvaluateInput input, CancellationToken cancellationToken = default) => evaluate.RunAsync(input, cancellationToken);

    /// <summary>Publish the outputs.</summary>
    public Task<AugmentResult> MergeAsync(MergeInput input, CancellationToken cancellationToken = default) => merge.RunAsync(input, cancellationToken);

    /// <summary>Start the trainer job.</summary>
    public Task<TrainingJobHandle> StartTrainingJobAsync(TrainInput input, CancellationToken cancellationToken = default) => Jobs.StartAsync(input, cancellationToken);

    /// <summary>Poll the trainer job.</summary>
    public Task<TrainingJobReport> GetTrainingJobStatusAsync(TrainingJobPoll poll, CancellationToken cancellationToken = default) => Jobs.GetStatusAsync(poll, cancellationToken);

    /// <summary>Stop the trainer job.</summary>
    public Task<bool> StopTrainingJobAsync(TrainingJobPoll poll, CancellationToken cancellationToken = default) => Jobs.StopAsync(poll, cancellationToken);

    private TrainingJobActivities Jobs => jobs ?? throw new InvalidOperationException("No training job runner is configured (Augment__Training__Runner); the Train step runs in process.");
}
