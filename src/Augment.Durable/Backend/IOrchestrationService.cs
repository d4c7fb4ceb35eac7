namespace Augment.Durable;

/// <summary>
/// A storage backend for the engine. The engine fetches work items, runs them and commits the result; the backend
/// guarantees that a commit based on stale history fails with <see cref="Storage.StorageConflictException"/> and
/// has no effect on history or state. Messages are delivered at least once.
/// </summary>
public interface IOrchestrationService
{
    /// <summary>Creates queues, containers and whatever else the backend needs; idempotent.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates (or re-creates, when the old one is terminal) an instance and enqueues its start message.</summary>
    /// <exception cref="InvalidOperationException">A non-terminal instance with that id exists.</exception>
    Task CreateInstanceAsync(InstanceState state, TaskMessage startMessage, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a message to an instance's control queue (completions, events, terminate, …). A <see cref="TimerFiredEvent"/>
    /// is sent invisible until its <c>FireAt</c>, at most <see cref="DurableTaskOptions.MaxTimerMessageDelay"/> ahead.
    /// </summary>
    Task SendTaskMessageAsync(TaskMessage message, CancellationToken cancellationToken = default);

    /// <summary>Locks the next instance that has messages and returns it with its history; null when idle.</summary>
    Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits an episode: sends outbound messages, writes history and state under the ETag read at lock time, then
    /// deletes the consumed messages.
    /// </summary>
    /// <exception cref="Storage.StorageConflictException">Someone else committed first; nothing was written.</exception>
    Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Gives the work item's messages back for redelivery, with no other effect.</summary>
    Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default);

    /// <summary>Locks the next activity message; null when idle.</summary>
    Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken = default);

    /// <summary>Extends the activity's lock so that it is not redelivered while still running.</summary>
    Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default);

    /// <summary>Sends the activity's completion to its instance, then deletes the activity message.</summary>
    Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage response, CancellationToken cancellationToken = default);

    /// <summary>Gives the activity message back for redelivery.</summary>
    Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's state; null when it does not exist.</summary>
    Task<InstanceState?> GetInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's history (empty when it has none).</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of instance states matching <paramref name="query"/>, in instance-id order.</summary>
    Task<InstanceStatePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes an instance's history and state (history first); returns false when it did not exist.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);
}

/// <summary>One instance's new messages plus its history, locked for one episode.</summary>
public sealed class OrchestrationWorkItem
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The messages to apply, in arrival order.</summary>
    public required IReadOnlyList<ReceivedTaskMessage> NewMessages { get; init; }

    /// <summary>The history as of the lock.</summary>
    public required IReadOnlyList<HistoryEvent> PastEvents { get; init; }

    /// <summary>The instance state as of the lock; null when the instance does not (yet) exist.</summary>
    public InstanceState? State { get; init; }

    /// <summary>The backend's lock handle (ETags, receipts).</summary>
    internal object? LockState { get; init; }
}

/// <summary>What an episode produced.</summary>
/// <param name="NewEvents">Events appended to history (empty when only duplicates arrived).</param>
/// <param name="ActivityMessages">Activities to run (to the work-item queue).</param>
/// <param name="OrchestratorMessages">Messages to instances (to their control queues).</param>
/// <param name="State">The instance's new state; null to leave it untouched.</param>
/// <param name="DeferredMessages">Messages that arrived too early: given back for redelivery, not consumed. A
/// <see cref="TimerFiredEvent"/> not yet due is re-enqueued with a delay of <c>min(FireAt − now, MaxTimerMessageDelay)</c>.</param>
public sealed record OrchestrationCommit(
    IReadOnlyList<HistoryEvent> NewEvents,
    IReadOnlyList<TaskMessage> ActivityMessages,
    IReadOnlyList<TaskMessage> OrchestratorMessages,
    InstanceState? State,
    IReadOnlyList<ReceivedTaskMessage> DeferredMessages)
{
    /// <summary>
    /// True when <see cref="NewEvents"/> replace the whole history instead of being appended (a new execution:
    /// ContinueAsNew, or a sub-orchestration re-created under a terminal instance's id). The ETag check is the same.
    /// </summary>
    public bool ReplacesHistory { get; init; }
}

/// <summary>One activity message, locked for execution.</summary>
public sealed class ActivityWorkItem
{
    /// <summary>The message; its event is a <see cref="TaskScheduledEvent"/>.</summary>
    public required ReceivedTaskMessage Message { get; init; }

    /// <summary>The scheduled task.</summary>
    public TaskScheduledEvent Scheduled => (TaskScheduledEvent)Message.Message.Event;

    /// <summary>The backend's lock handle.</summary>
    internal object? LockState { get; set; }
}
