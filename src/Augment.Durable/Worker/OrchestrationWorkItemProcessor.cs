using Augment.Durable.Engine;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>Turns one locked orchestration work item into a commit: triage, replay, checkpoint.</summary>
internal sealed partial class OrchestrationWorkItemProcessor(DurableTaskRegistry registry, DataConverter converter, TimeProvider time, ILogger logger)
{
    private readonly OrchestrationExecutor _executor = new(registry, converter);
    private long _sequence;

    /// <summary>Processes the work item; returns false when another worker committed first (the item is abandoned).</summary>
    public async Task<bool> ProcessAsync(IOrchestrationService service, OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        var runtime = OrchestrationRuntimeState.FromHistory(workItem.PastEvents);
        var triage = MessageTriage.Classify(runtime, workItem.State, workItem.NewMessages);
        foreach (var dropped in triage.Dropped)
        {
            LogDropped(logger, workItem.InstanceId, dropped.Message.Event.EventType, dropped.DequeueCount);
        }

        OrchestrationCommit commit;
        if (triage.Apply.Count == 0 || workItem.State is null)
        {
            commit = new OrchestrationCommit([], [], [], null, triage.Deferred);
        }
        else
        {
            var now = time.GetUtcNow();
            var result = _executor.Execute(workItem.InstanceId, workItem.PastEvents, triage.Apply, now);
            foreach (var e in result.NewEvents)
            {
                runtime.Apply(e);
            }

            var executionId = runtime.ExecutionId ?? workItem.State.ExecutionId;
            var activities = result.NewEvents.OfType<TaskScheduledEvent>()
                .Select(s => new TaskMessage(workItem.InstanceId, executionId, s, Interlocked.Increment(ref _sequence)))
                .ToList();
            var state = runtime.ToInstanceState(workItem.State, result.CustomStatus, now);
            commit = new OrchestrationCommit(result.NewEvents, activities, [], state, triage.Deferred);
            if (state.FailureDetails is { } failure && runtime.IsTerminal)
            {
                LogFailed(logger, workItem.InstanceId, failure.ErrorType, failure.ErrorMessage);
            }
        }

        try
        {
            await service.CompleteOrchestrationWorkItemAsync(workItem, commit, cancellationToken);
            LogEpisode(logger, workItem.InstanceId, commit.NewEvents.Count, commit.ActivityMessages.Count, runtime.Status);
            return true;
        }
        catch (StorageConflictException ex)
        {
            LogLostRace(logger, workItem.InstanceId, ex.Message);
            await service.AbandonOrchestrationWorkItemAsync(workItem, CancellationToken.None);
            return false;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Instance {InstanceId}: episode committed {EventCount} events, {ActivityCount} activities scheduled, status {Status}.")]
    private static partial void LogEpisode(ILogger logger, string instanceId, int eventCount, int activityCount, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Instance {InstanceId}: another worker committed first; work item abandoned ({Reason}).")]
    private static partial void LogLostRace(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Instance {InstanceId}: dropped a {EventType} message (delivery {DequeueCount}): duplicate, stale or unknown.")]
    private static partial void LogDropped(ILogger logger, string instanceId, EventType eventType, long dequeueCount);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Instance {InstanceId} failed: {ErrorType}: {ErrorMessage}")]
    private static partial void LogFailed(ILogger logger, string instanceId, string errorType, string errorMessage);
}
