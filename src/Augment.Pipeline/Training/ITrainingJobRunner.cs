namespace Augment.Pipeline.Training;

/// <summary>What a runner needs to start one trainer execution.</summary>
/// <param name="RunId">The augmentation run (durable instance id) the trainer reports to.</param>
/// <param name="JobSpec">Blob URI or path of the training job spec the trainer reads.</param>
/// <param name="Environment">Extra environment variables for the trainer (storage connection, task hub, ...).</param>
public sealed record TrainingJobRequest(string RunId, string JobSpec, IReadOnlyDictionary<string, string> Environment);

/// <summary>A started trainer execution.</summary>
/// <param name="Runner">The runner kind that started it (<c>Local</c> or <c>ContainerAppsJob</c>).</param>
/// <param name="ExecutionId">Process id locally; the ARM execution name in Azure.</param>
/// <param name="Image">The image the execution runs, pinned by digest (null for a local process).</param>
/// <param name="Device">The device the trainer uses, as the runner knows it (e.g. <c>cuda (NVIDIA ...)</c> or <c>cpu</c>).</param>
public sealed record TrainingJobHandle(string Runner, string ExecutionId, string? Image, string Device);

/// <summary>Starts, polls and stops trainer executions; chosen by <see cref="AppSettings.TrainingRunner"/>.</summary>
public interface ITrainingJobRunner
{
    /// <summary>Starts one trainer execution for <paramref name="request"/>.</summary>
    Task<TrainingJobHandle> StartAsync(TrainingJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads the execution's state.</summary>
    Task<TrainingJobState> GetStateAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default);

    /// <summary>Stops the execution; stopping a finished one does nothing.</summary>
    Task StopAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default);
}
