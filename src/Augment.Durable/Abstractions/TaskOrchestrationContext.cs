using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>
/// What orchestrator code sees. Orchestrators are replayed from history on every episode, so they must be
/// deterministic: take time from <see cref="CurrentUtcDateTime"/>, GUIDs from <see cref="NewGuid"/>, log through
/// <see cref="CreateReplaySafeLogger"/>, and never use the wall clock, <c>Guid.NewGuid</c>, shared randomness,
/// <c>Task.Delay</c> or I/O directly.
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
    /// <exception cref="TaskFailedException">The activity threw.</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null);

    /// <summary>Schedules an activity whose result is not needed.</summary>
    /// <exception cref="TaskFailedException">The activity threw.</exception>
    public virtual Task CallActivityAsync(string name, object? input = null) => CallActivityAsync<object?>(name, input);

    /// <summary>Sets the custom status that clients see while the instance runs (serialized at episode end).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Wraps <paramref name="logger"/> so that nothing is logged while replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(ILogger logger);
}
