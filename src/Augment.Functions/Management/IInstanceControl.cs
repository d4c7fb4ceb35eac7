using Augment.Durable;

namespace Augment.Functions.Management;

/// <summary>
/// The instance operations of the management API beyond start and status. The API checks existence (404) and
/// terminal status (410) before calling these.
/// </summary>
internal interface IInstanceControl
{
    /// <summary>Delivers event <paramref name="eventName"/> with a JSON payload (null for none).</summary>
    Task RaiseEventAsync(string instanceId, string eventName, string? jsonPayload, CancellationToken cancellationToken);

    Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    Task SuspendAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    Task ResumeAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Starts the instance's orchestrator again with its original input; returns the new run's id.</summary>
    Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, CancellationToken cancellationToken);

    /// <summary>Deletes the instance's history and state; returns how many instances were deleted (0 or 1).</summary>
    Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes every terminal instance matching <paramref name="filter"/>; returns how many.</summary>
    Task<int> PurgeAsync(InstanceQuery filter, CancellationToken cancellationToken);
}
