namespace Augment.Durable.Engine;

/// <summary>
/// Runs one episode: replays the orchestrator over its past events, then feeds it the new ones, all on a
/// <see cref="ReplaySynchronizationContext"/> so that every continuation runs inline, in event order, on the calling
/// thread. Pure: no I/O, no clock (the episode's timestamp is passed in).
/// </summary>
internal sealed class OrchestrationExecutor(DurableTaskRegistry registry, DataConverter converter)
{
    public EpisodeResult Execute(string instanceId, IReadOnlyList<HistoryEvent> pastEvents, IReadOnlyList<HistoryEvent> newEvents, DateTimeOffset now)
    {
        var episode = new List<HistoryEvent>(newEvents.Count + 4) { new OrchestratorStartedEvent { Timestamp = now } };
        episode.AddRange(newEvents);
        var all = pastEvents.Concat(episode).ToList();
        var started = all.OfType<ExecutionStartedEvent>().FirstOrDefault();
        var context = new ReplayOrchestrationContext(instanceId, started?.Name ?? string.Empty, started?.Input, converter);

        var run = new EpisodeReplay(registry, converter, context);
        run.Replay(all, pastEvents.Count);
        var (orchestration, failure) = (run.Orchestration, run.Failure);

        if (failure is null && run.TerminationReason is null && orchestration is { IsCompleted: true })
        {
            failure = orchestration.Status switch
            {
                TaskStatus.Faulted => FailureDetails.FromException(orchestration.Exception!.InnerException ?? orchestration.Exception),
                TaskStatus.Canceled => new FailureDetails(typeof(TaskCanceledException).FullName!, "The orchestrator was canceled."),
                _ => null,
            };
        }

        if (failure is null && run.TerminationReason is null && started is null)
        {
            failure = new FailureDetails("MissingExecutionStarted", $"Instance '{instanceId}' has no ExecutionStarted event.", IsNonRetriable: true);
        }

        var completed = failure is not null || run.TerminationReason is not null || orchestration is { IsCompleted: true };
        if (!completed || (failure is null && run.TerminationReason is null && context.ContinueAsNewRequest is null))
        {
            // Still running, or returned normally: actions not awaited before returning are still sent (fire and forget).
            episode.AddRange(context.NewActions.Select(a => ToEvent(a, now)));
        }

        episode.Add(new OrchestratorCompletedEvent { Timestamp = now });
        ContinueAsNewResult? continueAsNew = null;
        if (run.TerminationReason is { } reason)
        {
            episode.Add(new ExecutionCompletedEvent { Timestamp = now, OrchestrationStatus = OrchestrationRuntimeStatus.Terminated, Result = reason.Input });
        }
        else if (failure is not null)
        {
            episode.Add(new ExecutionFailedEvent { Timestamp = now, FailureDetails = failure });
        }
        else if (completed && context.ContinueAsNewRequest is { } request)
        {
            episode.Add(new ExecutionCompletedEvent { Timestamp = now, OrchestrationStatus = OrchestrationRuntimeStatus.ContinuedAsNew, Result = request.Input });
            continueAsNew = new ContinueAsNewResult(request.Input, request.PreserveEvents ? [.. context.UnconsumedEvents, .. run.HeldEvents.OfType<EventRaisedEvent>()] : []);
        }
        else if (completed)
        {
            episode.Add(new ExecutionCompletedEvent { Timestamp = now, Result = orchestration!.Result });
        }

        return new EpisodeResult(episode, context.SerializedCustomStatus, completed, continueAsNew);
    }

    private static HistoryEvent ToEvent(ReplayOrchestrationContext.PendingAction action, DateTimeOffset now) => action.Kind switch
    {
        ActionKind.Timer => new TimerCreatedEvent { EventId = action.Id, Timestamp = now, FireAt = action.FireAt },
        ActionKind.SubOrchestration => new SubOrchestrationInstanceCreatedEvent
        {
            EventId = action.Id, Timestamp = now, Name = action.Name, InstanceId = action.ChildInstanceId!, Input = action.Input,
        },
        _ => new TaskScheduledEvent { EventId = action.Id, Timestamp = now, Name = action.Name, Input = action.Input },
    };
}

/// <summary>The events one episode appends, and what it left behind.</summary>
/// <param name="NewEvents">The episode's events (OrchestratorStarted … OrchestratorCompleted, then the end event if any).</param>
/// <param name="CustomStatus">The serialized custom status.</param>
/// <param name="IsCompleted">True when this execution ended (completed, failed, terminated or continued as new).</param>
/// <param name="ContinueAsNew">Set when the orchestrator called ContinueAsNew: the next execution's input and events.</param>
internal sealed record EpisodeResult(IReadOnlyList<HistoryEvent> NewEvents, string? CustomStatus, bool IsCompleted, ContinueAsNewResult? ContinueAsNew = null);

/// <summary>What the next execution starts with after ContinueAsNew.</summary>
internal sealed record ContinueAsNewResult(string? Input, IReadOnlyList<EventRaisedEvent> CarriedEvents);
