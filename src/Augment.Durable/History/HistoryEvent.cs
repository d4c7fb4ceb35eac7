using System.Text.Json.Serialization;

namespace Augment.Durable;

/// <summary>History event types, in Durable Task Framework order (the persisted discriminator is the name).</summary>
public enum EventType
{
    ExecutionStarted = 0,
    ExecutionCompleted = 1,
    ExecutionFailed = 2,
    ExecutionTerminated = 3,
    TaskScheduled = 4,
    TaskCompleted = 5,
    TaskFailed = 6,
    SubOrchestrationInstanceCreated = 7,
    SubOrchestrationInstanceCompleted = 8,
    SubOrchestrationInstanceFailed = 9,
    TimerCreated = 10,
    TimerFired = 11,
    OrchestratorStarted = 12,
    OrchestratorCompleted = 13,
    EventSent = 14,
    EventRaised = 15,
    ContinueAsNew = 16,
    GenericEvent = 17,
    HistoryState = 18,
    ExecutionSuspended = 19,
    ExecutionResumed = 20,
    ExecutionRewound = 21,
}

/// <summary>
/// One immutable entry of an instance's history (event sourcing). Persisted as JSON with an <c>EventType</c>
/// discriminator and Durable Task field names. <see cref="EventId"/> is the sequence id of an action
/// (TaskScheduled, TimerCreated, …) and -1 for everything else.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "EventType")]
[JsonDerivedType(typeof(ExecutionStartedEvent), nameof(Durable.EventType.ExecutionStarted))]
[JsonDerivedType(typeof(ExecutionCompletedEvent), nameof(Durable.EventType.ExecutionCompleted))]
[JsonDerivedType(typeof(ExecutionFailedEvent), nameof(Durable.EventType.ExecutionFailed))]
[JsonDerivedType(typeof(ExecutionTerminatedEvent), nameof(Durable.EventType.ExecutionTerminated))]
[JsonDerivedType(typeof(TaskScheduledEvent), nameof(Durable.EventType.TaskScheduled))]
[JsonDerivedType(typeof(TaskCompletedEvent), nameof(Durable.EventType.TaskCompleted))]
[JsonDerivedType(typeof(TaskFailedEvent), nameof(Durable.EventType.TaskFailed))]
[JsonDerivedType(typeof(TimerCreatedEvent), nameof(Durable.EventType.TimerCreated))]
[JsonDerivedType(typeof(TimerFiredEvent), nameof(Durable.EventType.TimerFired))]
[JsonDerivedType(typeof(OrchestratorStartedEvent), nameof(Durable.EventType.OrchestratorStarted))]
[JsonDerivedType(typeof(OrchestratorCompletedEvent), nameof(Durable.EventType.OrchestratorCompleted))]
[JsonDerivedType(typeof(EventRaisedEvent), nameof(Durable.EventType.EventRaised))]
[JsonDerivedType(typeof(EventSentEvent), nameof(Durable.EventType.EventSent))]
[JsonDerivedType(typeof(SubOrchestrationInstanceCreatedEvent), nameof(Durable.EventType.SubOrchestrationInstanceCreated))]
[JsonDerivedType(typeof(SubOrchestrationInstanceCompletedEvent), nameof(Durable.EventType.SubOrchestrationInstanceCompleted))]
[JsonDerivedType(typeof(SubOrchestrationInstanceFailedEvent), nameof(Durable.EventType.SubOrchestrationInstanceFailed))]
[JsonDerivedType(typeof(ExecutionSuspendedEvent), nameof(Durable.EventType.ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumedEvent), nameof(Durable.EventType.ExecutionResumed))]
public abstract record HistoryEvent
{
    /// <summary>The action's sequence id, or -1.</summary>
    public int EventId { get; init; } = -1;

    /// <summary>When the event was created (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The event's type.</summary>
    [JsonIgnore]
    public abstract EventType EventType { get; }
}

/// <summary>An orchestration instance id plus the id of one execution of it.</summary>
public sealed record OrchestrationInstance(string InstanceId, string ExecutionId);
