namespace Augment.Durable.Engine;

/// <summary>
/// Feeds history events to the orchestrator code in order. While the instance is suspended, deliveries (completions,
/// timers, external events) are held and handed over in order on resume; a termination stops the replay.
/// </summary>
internal sealed class EpisodeReplay(DurableTaskRegistry registry, DataConverter converter, ReplayOrchestrationContext context)
{
    private readonly Queue<HistoryEvent> _held = new();
    private bool _suspended;

    public Task<string?>? Orchestration { get; private set; }

    public FailureDetails? Failure { get; private set; }

    public ExecutionTerminatedEvent? TerminationReason { get; private set; }

    /// <summary>Deliveries still held at the end of the episode (the instance is suspended).</summary>
    public IEnumerable<HistoryEvent> HeldEvents => _held;

    public void Replay(List<HistoryEvent> all, int pastCount)
    {
        var sync = new ReplaySynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(sync);
        try
        {
            for (var i = 0; i < all.Count && Failure is null && TerminationReason is null; i++)
            {
                context.ReplayingFlag = i < pastCount;
                Apply(all[i]);
                sync.Drain();
            }
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            Failure = FailureDetails.FromException(ex);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Apply(HistoryEvent e)
    {
        switch (e)
        {
            case OrchestratorStartedEvent os:
                context.CurrentTime = os.Timestamp;
                break;
            case ExecutionStartedEvent es:
                Start(es);
                break;
            case TaskScheduledEvent ts:
                context.MatchHistory(ts.EventId, ActionKind.Activity, ts.Name);
                break;
            case TimerCreatedEvent tc:
                context.MatchHistory(tc.EventId, ActionKind.Timer, "timer");
                break;
            case SubOrchestrationInstanceCreatedEvent sc:
                context.MatchHistory(sc.EventId, ActionKind.SubOrchestration, sc.Name);
                break;
            case ExecutionSuspendedEvent:
                _suspended = true;
                break;
            case ExecutionResumedEvent:
                _suspended = false;
                while (_held.TryDequeue(out var held))
                {
                    Deliver(held);
                }

                break;
            case ExecutionTerminatedEvent terminated:
                TerminationReason = terminated;
                break;
            case TaskCompletedEvent or TaskFailedEvent or TimerFiredEvent or SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent or EventRaisedEvent:
                if (_suspended)
                {
                    _held.Enqueue(e);
                }
                else
                {
                    Deliver(e);
                }

                break;
            default:
                break;
        }
    }

    private void Deliver(HistoryEvent e)
    {
        switch (e)
        {
            case TaskCompletedEvent tc:
                context.Complete(tc.TaskScheduledId, tc.Result);
                break;
            case TaskFailedEvent tf:
                context.Fail(tf.TaskScheduledId, tf.FailureDetails);
                break;
            case TimerFiredEvent fired:
                context.Complete(fired.TimerId, null);
                break;
            case SubOrchestrationInstanceCompletedEvent sc:
                context.Complete(sc.TaskScheduledId, sc.Result);
                break;
            case SubOrchestrationInstanceFailedEvent sf:
                context.Fail(sf.TaskScheduledId, sf.FailureDetails);
                break;
            case EventRaisedEvent raised:
                context.RaiseEvent(raised);
                break;
            default:
                break;
        }
    }

    private void Start(ExecutionStartedEvent started)
    {
        if (Orchestration is not null)
        {
            return;
        }

        if (!registry.TryGetOrchestrator(started.Name, out var function))
        {
            Failure = new FailureDetails("OrchestratorNotFound", $"No orchestrator named '{started.Name}' is registered.", IsNonRetriable: true);
            return;
        }

        try
        {
            Orchestration = function(context, started.Input, converter);
        }
        catch (Exception ex)
        {
            Orchestration = Task.FromException<string?>(ex);
        }
    }
}
