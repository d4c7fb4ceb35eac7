using Augment.Durable.Engine;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>
/// State repair (DTFx's "worker failing during CompleteWorkItem"): the history is the commit point and the state blob
/// a projection of it, so a worker that died (or failed) between writing history and writing state leaves the state
/// behind. When a history says the instance ended but the state does not, the next work item for it rewrites the state
/// from the history before anything else.
/// </summary>
public sealed partial class AzureStorageOrchestrationService
{
    private async Task<(InstanceState? State, ETag? ETag)> RepairStaleStateAsync(
        InstanceState? state, ETag? stateETag, IReadOnlyList<HistoryEvent>? history, CancellationToken cancellationToken)
    {
        if (state is null || history is null || state.RuntimeStatus.IsTerminal())
        {
            return (state, stateETag);
        }

        var runtime = OrchestrationRuntimeState.FromHistory(history);
        if (!runtime.IsTerminal || runtime.ExecutionId != state.ExecutionId)
        {
            return (state, stateETag);
        }

        var repaired = runtime.ToInstanceState(state, state.CustomStatus, runtime.CompletedAt ?? _time.GetUtcNow());
        try
        {
            var info = await WriteStateAsync(repaired, stateETag, cancellationToken);
            LogStateRepaired(_logger, state.InstanceId, state.RuntimeStatus, repaired.RuntimeStatus);
            return (repaired, info.ETag);
        }
        catch (StorageConflictException)
        {
            return (state, stateETag); // Someone else wrote it meanwhile; the episode's own ETag check still holds.
        }
    }

    [LoggerMessage(EventId = 340, Level = LogLevel.Warning, Message = "Instance {InstanceId}: state said {Stale} but history says {Status}; state repaired from history.")]
    private static partial void LogStateRepaired(ILogger logger, string instanceId, OrchestrationRuntimeStatus stale, OrchestrationRuntimeStatus status);
}
