using Augment.Durable;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Quality;
using Augment.Storage;

namespace Augment.Pipeline;

/// <summary>Wires the AugmentDataset orchestration and its activities into a durable task registry.</summary>
public static class PipelineRegistration
{
    /// <summary>Registers the orchestrator and every activity; activities read and write through <paramref name="blobs"/>.</summary>
    public static DurableTaskRegistry AddAugmentPipeline(this DurableTaskRegistry registry, IBlobStore blobs)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var profile = new ProfileActivity(blobs);
        var train = new TrainActivity(blobs);
        var sample = new SampleShardActivity(blobs);
        var filter = new FilterAndAuditActivity(blobs, Realism.Scorer);
        var evaluate = new EvaluateActivity(blobs);
        var merge = new MergeActivity(blobs);

        registry.AddOrchestrator<AugmentRequest, AugmentResult>(AugmentDatasetOrchestrator.Name, AugmentDatasetOrchestrator.RunAsync);
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
