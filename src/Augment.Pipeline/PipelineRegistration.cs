using Augment.Durable;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Pipeline;

/// <summary>Wires the AugmentDataset orchestration and its activities into a durable task registry.</summary>
public static class PipelineRegistration
{
    /// <summary>Registers the orchestrator and every activity; activities read and write through <paramref name="blobs"/>.</summary>
    public static DurableTaskRegistry AddAugmentPipeline(this DurableTaskRegistry registry, IBlobStore blobs) => registry.AddAugmentPipeline(blobs, null);

    /// <summary>
    /// Registers the orchestrator and every activity. With a <paramref name="runner"/> the Train step starts a separate
    /// trainer execution through it and waits for its event (polling per <paramref name="policy"/>); without one it
    /// trains in process.
    /// </summary>
    public static DurableTaskRegistry AddAugmentPipeline(this DurableTaskRegistry registry, IBlobStore blobs, ITrainingJobRunner? runner, TrainingJobPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var profile = new ProfileActivity(blobs);
        var train = new TrainActivity(blobs);
        var sample = new SampleShardActivity(blobs);
        var filter = new FilterAndAuditActivity(blobs, Realism.Scorer);
        var evaluate = new EvaluateActivity(blobs);
        var merge = new MergeActivity(blobs);

        var jobs = runner is null ? null : policy ?? new TrainingJobPolicy();
        registry.AddOrchestrator<AugmentRequest, AugmentResult>(AugmentDatasetOrchestrator.Name, (context, request) => AugmentDatasetOrchestrator.RunAsync(context, request, jobs));
        if (runner is not null)
        {
            var job = new TrainingJobActivities(blobs, runner);
            registry.AddActivity<TrainInput, TrainingJobHandle>(ActivityNames.StartTrainingJob, (_, input, ct) => job.StartAsync(input, ct));
            registry.AddActivity<TrainingJobPoll, TrainingJobReport>(ActivityNames.GetTrainingJobStatus, (_, input, ct) => job.GetStatusAsync(input, ct));
            registry.AddActivity<TrainingJobPoll, bool>(ActivityNames.StopTrainingJob, (_, input, ct) => job.StopAsync(input, ct));
        }

        registry.AddActivity<ProfileInput, ProfileResult>(ActivityNames.Profile, (_, input, ct) => profile.RunAsync(input, ct));
        registry.AddActivity<TrainInput, TrainResult>(ActivityNames.Train, (_, input, ct) => train.RunAsync(input, ct));
        registry.AddActivity<SampleShardInput, SampleShardResult>(ActivityNames.SampleShard, (_, input, ct) => sample.RunAsync(input, ct));
        registry.AddActivity<FilterInput, FilterResult>(ActivityNames.FilterAndAudit, (_, input, ct) => filter.RunAsync(input, ct));
        registry.AddActivity<EvaluateInput, EvaluateResult>(ActivityNames.Evaluate, (_, input, ct) => evaluate.RunAsync(input, ct));
        registry.AddActivity<MergeInput, AugmentResult>(ActivityNames.Merge, (_, input, ct) => merge.RunAsync(input, ct));
        return registry;
    }

    /// <summary>Creates the containers the pipeline reads and writes.</summary>
    public static async Task EnsureContainersAsync(IBlobStore blobs, CancellationToken cancellationToken = default)
    {
        foreach (var container in new[] { WorkArea.DatasetsContainer, WorkArea.WorkContainer, WorkArea.OutputContainer })
        {
            await blobs.CreateContainerIfNotExistsAsync(container, cancellationToken);
        }
    }
}
