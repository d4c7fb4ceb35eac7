namespace Augment.Durable.Engine;

/// <summary>
/// Sorts an episode's incoming messages into those to apply, duplicates to drop and early arrivals to defer
/// (a completion whose TaskScheduled is not yet in history, e.g. because the history write is still in flight).
/// </summary>
internal static class MessageTriage
{
    /// <summary>Deferred messages are dropped once delivered this many times: before they could count as poison
    /// (<see cref="DurableTaskOptions.MaxDequeueCount"/> is at least this).</summary>
    public const int MaxDeliveries = 5;

    public static TriageResult Classify(OrchestrationRuntimeState runtime, InstanceState? state, IReadOnlyList<ReceivedTaskMessage> messages)
    {
        var apply = new List<HistoryEvent>();
        var dropped = new List<ReceivedTaskMessage>();
        var deferred = new List<ReceivedTaskMessage>();
        var seenCompletions = new HashSet<int>();
        var started = runtime.IsStarted;

        // ExecutionStarted first, then everything else in arrival order.
        foreach (var received in messages.OrderBy(m => m.Message.Event is ExecutionStartedEvent ? 0 : 1))
        {
            var message = received.Message;
            if (state is null)
            {
                (received.DequeueCount >= MaxDeliveries ? dropped : deferred).Add(received);
                continue;
            }

            if (message.ExecutionId != state.ExecutionId || runtime.IsTerminal)
            {
                dropped.Add(received);
                continue;
            }

            switch (message.Event)
            {
                case ExecutionStartedEvent when started:
                    dropped.Add(received);
                    break;
                case ExecutionStartedEvent startedEvent:
                    started = true;
                    apply.Add(startedEvent);
                    break;
                case TaskCompletedEvent or TaskFailedEvent:
                    var id = message.Event is TaskCompletedEvent c ? c.TaskScheduledId : ((TaskFailedEvent)message.Event).TaskScheduledId;
                    if (runtime.IsTaskCompleted(id) || !seenCompletions.Add(id))
                    {
                        dropped.Add(received);
                    }
                    else if (!runtime.ScheduledTasks.ContainsKey(id))
                    {
                        seenCompletions.Remove(id);
                        (received.DequeueCount >= MaxDeliveries ? dropped : deferred).Add(received);
                    }
                    else
                    {
                        apply.Add(message.Event);
                    }

                    break;
                default:
                    dropped.Add(received);
                    break;
            }
        }

        return new TriageResult(apply, dropped, deferred);
    }
}

internal sealed record TriageResult(
    IReadOnlyList<HistoryEvent> Apply,
    IReadOnlyList<ReceivedTaskMessage> Dropped,
    IReadOnlyList<ReceivedTaskMessage> Deferred);
