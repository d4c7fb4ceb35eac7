using Augment.Pipeline.Training.Acr;
using Augment.Pipeline.Training.Arm;

namespace Augment.Pipeline.Training;

/// <summary>What the Container Apps runner puts in every execution's container.</summary>
public sealed class ContainerAppsJobRunnerOptions
{
    /// <summary>Trainer image by tag; resolved to a digest for every start. Required.</summary>
    public required ImageReference Image { get; init; }

    /// <summary>Container name in the job template (infra: <c>trainer</c>).</summary>
    public string ContainerName { get; init; } = "trainer";

    /// <summary>Resources per replica. Default the T4 profile's 8 vCPU / 56 GiB.</summary>
    public JobResources Resources { get; init; } = new(8, "56Gi");

    /// <summary>Plain environment every execution gets (default none; each run adds its own).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Environment from job secrets (name → secretRef); the execution override replaces the template's env list, so
    /// these are listed in every start. Default (infra/modules/containerapps.bicep): <c>AzureWebJobsStorage</c> ←
    /// <c>storage-connection</c> and <c>AUGMENT_RUN_STATUS_URL</c> ← <c>run-status-url</c> (what the trainer polls to
    /// stop when its run is terminated, and where it raises its events).
    /// </summary>
    public IReadOnlyDictionary<string, string> SecretEnvironment { get; init; } = new Dictionary<string, string>
    {
        [AppSettings.Storage] = "storage-connection",
        [TrainingEvents.RunStatusUrlVariable] = "run-status-url",
    };
}

/// <summary>
/// Runs the trainer as a Container Apps job execution: resolves the image tag to a digest (ACR), starts an execution
/// with a template override (image by digest, run env vars, resources), polls its status, stops it on terminate.
/// </summary>
public sealed class ContainerAppsJobRunner(ContainerAppsJobClient jobs, AcrDigestResolver registry, ContainerAppsJobRunnerOptions options) : ITrainingJobRunner
{
    /// <summary>The runner kind in handles and in <see cref="AppSettings.TrainingRunner"/>.</summary>
    public const string Kind = "ContainerAppsJob";

    /// <inheritdoc/>
    public async Task<TrainingJobHandle> StartAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = await registry.PinAsync(options.Image, cancellationToken).ConfigureAwait(false);
        var environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in request.Environment)
        {
            environment[name] = value;
        }

        environment[TrainingEvents.JobSpecVariable] = request.JobSpec;
        var template = new JobExecutionTemplate([new JobContainer(options.ContainerName, image, environment, options.Resources, SecretEnvironment: options.SecretEnvironment)]);
        var execution = await jobs.StartExecutionAsync(template, cancellationToken).ConfigureAwait(false);
        return new TrainingJobHandle(Kind, execution, image, "gpu (the job's workload profile)");
    }

    /// <inheritdoc/>
    public async Task<TrainingJobState> GetStateAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return (await jobs.GetExecutionAsync(handle.ExecutionId, cancellationToken).ConfigureAwait(false)).State;
    }

    /// <inheritdoc/>
    public Task StopAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return jobs.StopExecutionAsync(handle.ExecutionId, cancellationToken);
    }
}
