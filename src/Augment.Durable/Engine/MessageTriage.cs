namespace Augment.Durable.Engine;

/// <summary>
/// Sorts an episode's incoming messages into those to apply, duplicates or stale ones to drop, and early arrivals to
/// defer (a completion whose action is not yet in history, e.g. because the history write is still in flight; a
/// timer not yet due; an event for an instance that has not started yet).
/// </summary>
internal static class MessageTriage
{
    /// <summary>Deferred messages are dropped once delivered this many times.</summary>
    public const int MaxDeliveries = 10;

    /// <summary>Messages for an instance that does not exist are dropped once delivered this many times (DTFx: 5).</summary>
    public const int MaxDeliveriesForUnknownInstance = 5;

    public static TriageResult Classify(OrchestrationRuntimeState runtime, InstanceState? state, IReadOnlyList<ReceivedTaskMessage> messages, DateTimeOffset now)
    {
        var result = new TriageBuilder();
        var seenCompletions = new HashSet<int>();
        var started = runtime.IsStarted;
        var terminal = runtime.IsTerminal;
        var executionId = state?.ExecutionId;

        // Terminating an instance that has not started yet: its start message is dropped, so its code never runs.
        var terminateBeforeStart = !started && state is not null && messages.Any(m => m.Message.Event is ExecutionTerminatedEvent);

        // ExecutionStarted first, then everything else in arrival order.
        foreach (var received in messages.OrderBy(m => m.Message.Event is ExecutionStartedEvent ? 0 : 1))
        {
            var message = received.Message;
            if (message.Event is ExecutionStartedEvent start)
            {
                var isChild = start.ParentInstance is not null;
                var fresh = start.OrchestrationInstance.ExecutionId != executionId;
                if ((state is null && isChild) || (terminal && isChild && fresh && !result.NewExecution))
                {
                    // A parent starts a child: create it, or re-create it over a finished instance with the same id.
                    result.NewExecution = state is not null;
                    started = true;
                    terminal = false;
                    executionId = start.OrchestrationInstance.ExecutionId;
                    result.Apply.Add(start);
                }
                else if (state is null)
                {
                    result.Defer(received, MaxDeliveriesForUnknownInstance);
                }
                else if (started || terminal || fresh || terminateBeforeStart)
                {
                    result.Dropped.Add(received);
                }
                else
                {
                    started = true;
                    result.Apply.Add(start);
                }

                continue;
            }

            if (state is null && !started)
            {
                result.Defer(received, MaxDeliveriesForUnknownInstance);
                continue;
            }

            // An empty execution id (client events, terminate, suspend, resume) means "the current execution".
            if ((message.ExecutionId.Length > 0 && message.ExecutionId != executionId) || terminal)
            {
                result.Dropped.Add(received);
                continue;
            }

            switch (message.Event)
            {
                case var e when OrchestrationRuntimeState.CompletionTarget(e) is { } id:
                    if (runtime.IsTaskCompleted(id) || !seenCompletions.Add(id))
                    {
                        result.Dropped.Add(received);
                    }
                    else if (!runtime.ScheduledTasks.ContainsKey(id) || result.NewExecution)
                    {
                        seenCompletions.Remove(id);
                        result.Defer(received, MaxDeliveries);
                    }
                    else if (e is TimerFiredEvent timer && timer.FireAt > now)
                    {
                        // A long timer hops: re-enqueued until due (never dropped for its delivery count).
                        seenCompletions.Remove(id);
                        result.Deferred.Add(received);
                    }
                    else
                    {
                        result.Apply.Add(e);
                    }

                    break;
                case ExecutionTerminatedEvent terminate:
                    // Terminating a pending instance needs no start: the instance ends before its code runs.
                    terminal = true;
                    result.Apply.Add(terminate);
                    break;
                case EventRaisedEvent or ExecutionSuspendedEvent or ExecutionResumedEvent when !started:
                    result.Defer(received, MaxDeliveries);
                    break;
                case EventRaisedEvent or ExecutionSuspendedEvent or ExecutionResumedEvent:
                    result.Apply.Add(message.Event);
                    break;
                default:
                    result.Dropped.Add(received);
                    break;
            }
        }

        return new TriageResult(result.Apply, result.Dropped, result.Deferred, result.NewExecution);
    }

    private sealed class TriageBuilder
    {
        public List<HistoryEvent> Apply { get; } = [];

        public List<ReceivedTaskMessage> Dropped { get; } = [];

        public List<ReceivedTaskMessage> Deferred { get; } = [];

        public bool NewExecution { get; set; }

        public void Defer(ReceivedTaskMessage received, int maxDeliveries) =>
            (received.DequeueCount >= maxDeliveries ? Dropped : Deferred).Add(received);
    }
}

/// <summary>How an episode's messages were sorted.</summary>
/// <param name="Apply">Events to append and replay, in order.</param>
/// <param name="Dropped">Duplicates, stale or undeliverable messages: consumed without effect.</param>
/// <param name="Deferred">Early messages: given back for redelivery.</param>
/// <param name="NewExecution">True when <paramref name="Apply"/> starts a new execution that replaces the history.</param>
internal sealed record TriageResult(
    IReadOnlyList<HistoryEvent> Apply,
    IReadOnlyList<ReceivedTaskMessage> Dropped,
    IReadOnlyList<ReceivedTaskMessage> Deferred,
    bool NewExecution = false);
