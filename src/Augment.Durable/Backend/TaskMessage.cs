namespace Augment.Durable;

/// <summary>
/// The envelope of every queue message: which instance and execution it is for, the history event it carries and
/// the sender's sequence number (after Durable Task's <c>MessageData</c>).
/// </summary>
/// <param name="InstanceId">The target instance.</param>
/// <param name="ExecutionId">The target execution; messages for another execution are dropped.</param>
/// <param name="Event">The event to apply (ExecutionStarted, TaskScheduled for activities, TaskCompleted, …).</param>
/// <param name="SequenceNumber">A per-sender counter, for diagnostics and ordering.</param>
public sealed record TaskMessage(string InstanceId, string ExecutionId, HistoryEvent Event, long SequenceNumber = 0);

/// <summary>A message as received from a backend: the envelope plus how often it has been delivered.</summary>
public sealed record ReceivedTaskMessage(TaskMessage Message, long DequeueCount)
{
    /// <summary>The backend's handle for deleting or abandoning the message.</summary>
    internal object? Receipt { get; set; }
}
