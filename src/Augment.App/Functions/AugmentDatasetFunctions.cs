using Augment.Pipeline;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Augment.App.Functions;

/// <summary>
/// The AugmentDataset orchestration and one <c>[ActivityTrigger]</c> function per activity. Each is a thin binding over
/// <see cref="AugmentDatasetOrchestrator"/> and <see cref="PipelineActivities"/>, so the Functions host in Azure and the
/// local host run the same code.
/// </summary>
public sealed class AugmentDatasetFunctions(PipelineActivities activities, TrainingJobPolicy policy)
{
    /// <summary>The orchestrator: trains through the job runner when one is configured, else in process.</summary>
    [Function(AugmentDatasetOrchestrator.Name)]
    public Task<AugmentResult> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<AugmentRequest>() ?? throw new AugmentationFailedException("Profile failed: the run has no input (dataset and blob name)");
        return AugmentDatasetOrchestrator.RunAsync(context, request, activities.TrainsAsJob ? policy : null);
    }

    /// <summary>Profile: schema, spec, split.</summary>
    [Function(ActivityNames.Profile)]
    public Task<ProfileResult> Profile([ActivityTrigger] ProfileInput input, CancellationToken cancellationToken) => activities.ProfileAsync(input, cancellationToken);

    /// <summary>Train in process.</summary>
    [Function(ActivityNames.Train)]
    public Task<TrainResult> Train([ActivityTrigger] TrainInput input, CancellationToken cancellationToken) => activities.TrainAsync(input, cancellationToken);

    /// <summary>Start the trainer job.</summary>
    [Function(ActivityNames.StartTrainingJob)]
    public Task<Pipeline.Training.TrainingJobHandle> StartTrainingJob([ActivityTrigger] TrainInput input, CancellationToken cancellationToken) => activities.StartTrainingJobAsync(input, cancellationToken);

    /// <summary>Poll the trainer job.</summary>
    [Function(ActivityNames.GetTrainingJobStatus)]
    public Task<TrainingJobReport> GetTrainingJobStatus([ActivityTrigger] TrainingJobPoll poll, CancellationToken cancellationToken) => activities.GetTrainingJobStatusAsync(poll, cancellationToken);

    /// <summary>Stop the trainer job.</summary>
    [Function(ActivityNames.StopTrainingJob)]
    public Task<bool> StopTrainingJob([ActivityTrigger] TrainingJobPoll poll, CancellationToken cancellationToken) => activities.StopTrainingJobAsync(poll, cancellationToken);

    /// <summary>Sample one shard.</summary>
    [Function(ActivityNames.SampleShard)]
    public Task<SampleShardResult> SampleShard([ActivityTrigger] SampleShardInput input, CancellationToken cancellationToken) => activities.SampleShardAsync(input, cancellationToken);

    /// <summary>Filter and audit.</summary>
    [Function(ActivityNames.FilterAndAudit)]
    public Task<FilterResult> FilterAndAudit([ActivityTrigger] FilterInput input, CancellationToken cancellationToken) => activities.FilterAndAuditAsync(input, cancellationToken);

    /// <summary>Evaluate on the holdout.</summary>
    [Function(ActivityNames.Evaluate)]
    public Task<EvaluateResult> Evaluate([ActivityTrigger] EvaluateInput input, CancellationToken cancellationToken) => activities.EvaluateAsync(input, cancellationToken);

    /// <summary>Publish the outputs.</summary>
    [Function(ActivityNames.Merge)]
    public Task<AugmentResult> Merge([ActivityTrigger] MergeInput input, CancellationToken cancellationToken) => activities.MergeAsync(input, cancellationToken);
}
