using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Training;
using Augment.Storage;
using Microsoft.DurableTask;

namespace Augment.Pipeline;

/// <summary>
/// Wires the AugmentDataset orchestration and its activities into a Durable Task registry directly, for tests that run
/// the pipeline on <c>Microsoft.DurableTask</c> without the Functions app. The app and the local host register the
/// same code through the app's <c>[Function]</c> classes.
/// </summary>
public static class PipelineRegistration
{
    /// <summary>Registers the orchestrator and every activity; activities read and write through <paramref name="blobs"/>.</summary>
    public static DurableTaskRegistry AddAugmentPipeline(this DurableTaskRegistry registry, IBlobStore blobs) => registry.AddAugmentPipeline(blobs, null);

    /// <summary>
    /// Registers the orchestrator and every activity. With a <paramref name="runner"/> the Train step starts a separate
    /// trainer execution through it and waits for its result (polling per <paramref name="policy"/>); without one it
    /// trains in process.
    /// </summary>
    public static DurableTaskRegistry AddAugmentPipeline(this DurableTaskRegistry registry, IBlobStore blobs, ITrainingJobRunner? runner, TrainingJobPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var activities = new PipelineActivities(blobs, runner);
        var jobs = runner is null ? null : policy ?? new TrainingJobPolicy();
        registry.AddOrchestratorFunc<AugmentRequest, AugmentResult>(AugmentDatasetOrchestrator.Name, (context, request) => AugmentDatasetOrchestrator.RunAsync(context, request, jobs));
        if (runner is not null)
        {
            registry.AddActivityFunc<TrainInput, TrainingJobHandle>(ActivityNames.StartTrainingJob, (_, input) => activities.StartTrainingJobAsync(input));
            registry.AddActivityFunc<TrainingJobPoll, TrainingJobReport>(ActivityNames.GetTrainingJobStatus, (_, input) => activities.GetTrainingJobStatusAsync(input));
            registry.AddActivityFunc<TrainingJobPoll, bool>(ActivityNames.StopTrainingJob, (_, input) => activities.StopTrainingJobAsync(input));
        }

        registry.AddActivityFunc<ProfileInput, ProfileResult>(ActivityNames.Profile, (_, input) => activities.ProfileAsync(input));
        registry.AddActivityFunc<TrainInput, TrainResult>(ActivityNames.Train, (_, input) => activities.TrainAsync(input));
        registry.AddActivityFunc<SampleShardInput, SampleShardResult>(ActivityNames.SampleShard, (_, input) => activities.SampleShardAsync(input));
        registry.AddActivityFunc<FilterInput, FilterResult>(ActivityNames.FilterAndAudit, (_, input) => activities.FilterAndAuditAsync(input));
        registry.AddActivityFunc<EvaluateInput, EvaluateResult>(ActivityNames.Evaluate, (_, input) => activities.EvaluateAsync(input));
        registry.AddActivityFunc<MergeInput, AugmentResult>(ActivityNames.Merge, (_, input) => activities.MergeAsync(input));
        var images = new Images.ImageActivities(blobs);
        registry.AddActivityFunc<Images.ImageProfileInput, Images.ImageProfile>(Images.ImageActivityNames.Profile, (_, input) => images.ProfileAsync(input));
        registry.AddActivityFunc<Images.ImageTrainInput, Images.ImageTrainResult>(Images.ImageActivityNames.Train, (_, input) => images.TrainAsync(input));
        registry.AddActivityFunc<Images.ImageSampleRequest, Images.ImageSampleResult>(Images.ImageActivityNames.Sample, (_, input) => images.SampleAsync(input));
        registry.AddActivityFunc<Images.ImageEvaluateInput, Images.ImageEvaluateResult>(Images.ImageActivityNames.Evaluate, (_, input) => images.EvaluateAsync(input));
        registry.AddActivityFunc<Images.ImageMergeInput, AugmentResult>(Images.ImageActivityNames.Merge, (_, input) => images.MergeAsync(input));
        return registry;
    }

    /// <summary>Creates the containers the pipeline reads and writes.</summary>
    public static async Task EnsureContainersAsync(IBlobStore blobs, CancellationToken cancellationToken = default)
    {
        foreach (var container in new[] { WorkArea.DatasetsContainer, WorkArea.WorkContainer, WorkArea.OutputContainer, TrainingEvents.ModelsContainer })
        {
            await blobs.CreateContainerIfNotExistsAsync(container, cancellationToken);
        }
    }
}
