using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>
/// What orchestrator code sees. Orchestrators are replayed from history on every episode, so they must be
/// deterministic: take time from <see cref="CurrentUtcDateTime"/>, GUIDs from <see cref="NewGuid"/>, wait with
/// <see cref="CreateTimer(DateTime, CancellationToken)"/>, log through <see cref="CreateReplaySafeLogger"/>, and never
/// use the wall clock, <c>Guid.NewGuid</c>, shared randomness, <c>Task.Delay</c> or I/O directly.
/// </summary>
public abstract class TaskOrchestrationContext
{
    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The orchestrator's registered name.</summary>
    public abstract string Name { get; }

    /// <summary>True while the code re-runs over events already in history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The timestamp of the current episode's OrchestratorStarted event (deterministic across replays).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>A name-based GUID derived from the instance id and a counter: the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>Deserializes the orchestration input.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Schedules an activity and returns its deserialized result.</summary>
    /// <exception cref="TaskFailedException">The activity threw (on its last attempt, with a retry policy).</exception>
    public Task<TResult> CallActivityAsync<TResult>(string name, object? input = null) => CallActivityAsync<TResult>(name, input, null);

    /// <summary>Schedules an activity with options (a <see cref="RetryPolicy"/>: retries wait on durable timers).</summary>
    /// <exception cref="TaskFailedException">The activity threw (on its last attempt, with a retry policy).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input, TaskOptions? options);

    /// <summary>Schedules an activity whose result is not needed.</summary>
    /// <exception cref="TaskFailedException">The activity threw.</exception>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) => CallActivityAsync<object?>(name, input, options);

    /// <summary>
    /// Starts orchestrator <paramref name="name"/> as a child instance and returns its output. The child's instance id
    /// is <see cref="SubOrchestrationOptions.InstanceId"/>, or <c>{parentId}:{sequenceId:D4}</c> by default.
    /// </summary>
    /// <exception cref="TaskFailedException">The child failed or was terminated; its failure is the inner one.</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null);

    /// <summary>Starts a child orchestration whose output is not needed.</summary>
    /// <exception cref="TaskFailedException">The child failed or was terminated.</exception>
    public Task CallSubOrchestratorAsync(string name, object? input = null, SubOrchestrationOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>
    /// A durable timer: completes once <paramref name="fireAt"/> (UTC) has passed, even across worker restarts.
    /// Cancelling <paramref name="cancellationToken"/> cancels the returned task (the timer message still arrives and is ignored).
    /// </summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires <paramref name="delay"/> after <see cref="CurrentUtcDateTime"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>
    /// Waits for an external event named <paramref name="eventName"/> (case-insensitive) and deserializes its payload.
    /// Events that arrived before this call are buffered in arrival order and returned first.
    /// </summary>
    /// <exception cref="TaskCanceledException">Thrown by the task when <paramref name="cancellationToken"/> is cancelled first.</exception>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event, or throws <see cref="TaskCanceledException"/> when the durable timeout timer fires first.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var cancelTimer = new CancellationTokenSource();
        using var cancelWait = new CancellationTokenSource();
        var wait = WaitForExternalEvent<T>(eventName, cancelWait.Token);
        if (wait.IsCompleted)
        {
            // The event was already buffered: no timer needed.
            return await wait;
        }

        var timer = CreateTimer(timeout, cancelTimer.Token);
        if (await Task.WhenAny(wait, timer) == wait)
        {
            cancelTimer.Cancel();
            return await wait;
        }

        cancelWait.Cancel();
        throw new TaskCanceledException($"Timed out after {timeout} waiting for external event '{eventName}'.");
    }

    /// <summary>
    /// Restarts this instance with <paramref name="newInput"/> once the orchestrator returns: history is truncated and a
    /// new execution begins (for eternal orchestrations). With <paramref name="preserveUnprocessedEvents"/>, external
    /// events received but not yet consumed are handed to the new execution.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true);

    /// <summary>Sets the custom status that clients see while the instance runs (serialized at episode end).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Wraps <paramref name="logger"/> so that nothing is logged while replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(ILogger logger);
}
