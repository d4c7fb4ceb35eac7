using Augment.Durable.Engine;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>Turns one locked orchestration work item into a commit: triage, replay, outbound messages, checkpoint.</summary>
internal sealed partial class OrchestrationWorkItemProcessor(DurableTaskRegistry registry, DataConverter converter, TimeProvider time, ILogger logger)
{
    /// <summary>ContinueAsNew more often than this within one episode (never waiting on anything) fails the instance.</summary>
    public const int MaxContinueAsNewPerEpisode = 100;

    private readonly OrchestrationExecutor _executor = new(registry, converter);
    private long _sequence;

    /// <summary>Processes the work item; returns false when another worker committed first (the item is abandoned).</summary>
    public async Task<bool> ProcessAsync(IOrchestrationService service, OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runtime = OrchestrationRuntimeState.FromHistory(workItem.PastEvents);
        var triage = MessageTriage.Classify(runtime, workItem.State, workItem.NewMessages, now);
        foreach (var dropped in triage.Dropped)
        {
            LogDropped(logger, workItem.InstanceId, dropped.Message.Event.EventType, dropped.DequeueCount);
        }

        var commit = triage.Apply.Count == 0
            ? new OrchestrationCommit([], [], [], null, triage.Deferred)
            : Run(workItem, triage, now, out runtime);
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

    private OrchestrationCommit Run(OrchestrationWorkItem workItem, TriageResult triage, DateTimeOffset now, out OrchestrationRuntimeState runtime)
    {
        var replaces = triage.NewExecution;
        IReadOnlyList<HistoryEvent> past = replaces ? [] : workItem.PastEvents;
        var result = _executor.Execute(workItem.InstanceId, past, triage.Apply, now);
        runtime = OrchestrationRuntimeState.FromHistory([.. past, .. result.NewEvents]);
        for (var generation = 0; result.ContinueAsNew is { } next; generation++)
        {
            var previous = runtime.Started!;
            var started = previous with
            {
                Timestamp = now,
                Input = next.Input,
                OrchestrationInstance = new OrchestrationInstance(workItem.InstanceId, DerivedExecutionId(workItem.InstanceId, previous.OrchestrationInstance.ExecutionId, "continue")),
                Generation = previous.Generation + 1,
            };
            replaces = true;
            past = [];
            result = generation < MaxContinueAsNewPerEpisode
                ? _executor.Execute(workItem.InstanceId, past, [started, .. next.CarriedEvents], now)
                : LoopingFailure(started, now);
            runtime = OrchestrationRuntimeState.FromHistory(result.NewEvents);
        }

        var executionId = runtime.ExecutionId ?? workItem.State?.ExecutionId ?? string.Empty;
        var activities = new List<TaskMessage>();
        var outbound = new List<TaskMessage>();
        foreach (var e in result.NewEvents)
        {
            switch (e)
            {
                case TaskScheduledEvent scheduled:
                    activities.Add(Message(workItem.InstanceId, executionId, scheduled));
                    break;
                case TimerCreatedEvent timer:
                    outbound.Add(Message(workItem.InstanceId, executionId, new TimerFiredEvent { Timestamp = now, TimerId = timer.EventId, FireAt = timer.FireAt }));
                    break;
                case SubOrchestrationInstanceCreatedEvent child:
                    var childExecution = DerivedExecutionId(workItem.InstanceId, executionId, child.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    outbound.Add(Message(child.InstanceId, childExecution, new ExecutionStartedEvent
                    {
                        Timestamp = now,
                        Name = child.Name,
                        Version = child.Version,
                        Input = child.Input,
                        OrchestrationInstance = new OrchestrationInstance(child.InstanceId, childExecution),
                        ParentInstance = new OrchestrationInstance(workItem.InstanceId, executionId),
                        ParentTaskScheduledId = child.EventId,
                    }));
                    break;
                default:
                    break;
            }
        }

        if (ParentNotification(runtime, now) is { } toParent)
        {
            outbound.Add(toParent);
        }

        var state = runtime.ToInstanceState(replaces && triage.NewExecution ? null : workItem.State, result.CustomStatus, now);
        if (state.FailureDetails is { } failure && runtime.IsTerminal)
        {
            LogFailed(logger, workItem.InstanceId, failure.ErrorType, failure.ErrorMessage);
        }

        return new OrchestrationCommit(result.NewEvents, activities, outbound, state, triage.Deferred) { ReplacesHistory = replaces };
    }

    /// <summary>A finished sub-orchestration tells its parent: completed, or failed (terminated counts as failed).</summary>
    private TaskMessage? ParentNotification(OrchestrationRuntimeState runtime, DateTimeOffset now)
    {
        if (!runtime.IsTerminal || runtime.Started is not { ParentInstance: { } parent, ParentTaskScheduledId: { } taskId })
        {
            return null;
        }

        HistoryEvent e = runtime.Status switch
        {
            OrchestrationRuntimeStatus.Completed => new SubOrchestrationInstanceCompletedEvent { Timestamp = now, TaskScheduledId = taskId, Result = runtime.Output },
            OrchestrationRuntimeStatus.Failed => new SubOrchestrationInstanceFailedEvent
            {
                Timestamp = now, TaskScheduledId = taskId, Reason = runtime.Failure?.ErrorMessage,
                FailureDetails = runtime.Failure ?? new FailureDetails("Unknown", "The sub-orchestration failed."),
            },
            _ => new SubOrchestrationInstanceFailedEvent
            {
                Timestamp = now, TaskScheduledId = taskId, Reason = $"The sub-orchestration was {runtime.Status}.",
                FailureDetails = new FailureDetails("SubOrchestration" + runtime.Status, $"Sub-orchestration '{runtime.Started.OrchestrationInstance.InstanceId}' was {runtime.Status}: {runtime.Output}"),
            },
        };
        return Message(parent.InstanceId, parent.ExecutionId, e);
    }

    private static EpisodeResult LoopingFailure(ExecutionStartedEvent started, DateTimeOffset now) => new(
        [
            new OrchestratorStartedEvent { Timestamp = now },
            started,
            new OrchestratorCompletedEvent { Timestamp = now },
            new ExecutionFailedEvent
            {
                Timestamp = now,
                FailureDetails = new FailureDetails("ContinueAsNewLoop", $"ContinueAsNew was called {MaxContinueAsNewPerEpisode} times in one episode without waiting on anything.", IsNonRetriable: true),
            },
        ],
        null,
        true);

    /// <summary>
    /// Execution ids the engine makes (children, ContinueAsNew) derive from the parent execution, so that an episode
    /// replayed after a crash sends the same start message again, which the receiver then recognises as a duplicate.
    /// </summary>
    private static string DerivedExecutionId(string instanceId, string executionId, string discriminator) =>
        DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{instanceId}\n{executionId}\n{discriminator}").ToString("N");

    private TaskMessage Message(string instanceId, string executionId, HistoryEvent e) =>
        new(instanceId, executionId, e, Interlocked.Increment(ref _sequence));

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Instance {InstanceId}: episode committed {EventCount} events, {ActivityCount} activities scheduled, status {Status}.")]
    private static partial void LogEpisode(ILogger logger, string instanceId, int eventCount, int activityCount, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Instance {InstanceId}: another worker committed first; work item abandoned ({Reason}).")]
    private static partial void LogLostRace(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Instance {InstanceId}: dropped a {EventType} message (delivery {DequeueCount}): duplicate, stale or unknown.")]
    private static partial void LogDropped(ILogger logger, string instanceId, EventType eventType, long dequeueCount);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Instance {InstanceId} failed: {ErrorType}: {ErrorMessage}")]
    private static partial void LogFailed(ILogger logger, string instanceId, string errorType, string errorMessage);
}
