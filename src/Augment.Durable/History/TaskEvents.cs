using System.Text.Json.Serialization;

namespace Augment.Durable;

/// <summary>The orchestrator scheduled an activity; <see cref="HistoryEvent.EventId"/> is its sequence id.</summary>
public sealed record TaskScheduledEvent : HistoryEvent
{
    /// <summary>The activity's name.</summary>
    public required string Name { get; init; }

    /// <summary>The activity's version, if any.</summary>
    public string? Version { get; init; }

    /// <summary>The serialized input.</summary>
    public string? Input { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.TaskScheduled;
}

/// <summary>An activity returned.</summary>
public sealed record TaskCompletedEvent : HistoryEvent
{
    /// <summary>The sequence id of the matching <see cref="TaskScheduledEvent"/>.</summary>
    public required int TaskScheduledId { get; init; }

    /// <summary>The serialized result.</summary>
    public string? Result { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.TaskCompleted;
}

/// <summary>An activity threw.</summary>
public sealed record TaskFailedEvent : HistoryEvent
{
    /// <summary>The sequence id of the matching <see cref="TaskScheduledEvent"/>.</summary>
    public required int TaskScheduledId { get; init; }

    /// <summary>A one-line reason.</summary>
    public string? Reason { get; init; }

    /// <summary>Free-form details.</summary>
    public string? Details { get; init; }

    /// <summary>What the activity threw.</summary>
    public required FailureDetails FailureDetails { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.TaskFailed;
}

/// <summary>A durable timer was created; <see cref="HistoryEvent.EventId"/> is its sequence id.</summary>
public sealed record TimerCreatedEvent : HistoryEvent
{
    /// <summary>When the timer fires.</summary>
    public required DateTimeOffset FireAt { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.TimerCreated;
}

/// <summary>A durable timer fired.</summary>
public sealed record TimerFiredEvent : HistoryEvent
{
    /// <summary>The sequence id of the matching <see cref="TimerCreatedEvent"/>.</summary>
    public required int TimerId { get; init; }

    /// <summary>When the timer was due.</summary>
    public required DateTimeOffset FireAt { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.TimerFired;
}

/// <summary>An external event arrived.</summary>
public sealed record EventRaisedEvent : HistoryEvent
{
    /// <summary>The event name.</summary>
    public required string Name { get; init; }

    /// <summary>The serialized payload.</summary>
    public string? Input { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.EventRaised;
}

/// <summary>The orchestrator sent an event to another instance (reserved).</summary>
public sealed record EventSentEvent : HistoryEvent
{
    /// <summary>The target instance.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The event name.</summary>
    public required string Name { get; init; }

    /// <summary>The serialized payload.</summary>
    public string? Input { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.EventSent;
}

/// <summary>The orchestrator started a sub-orchestration; <see cref="HistoryEvent.EventId"/> is its sequence id.</summary>
public sealed record SubOrchestrationInstanceCreatedEvent : HistoryEvent
{
    /// <summary>The child orchestrator's name.</summary>
    public required string Name { get; init; }

    /// <summary>The child's version, if any.</summary>
    public string? Version { get; init; }

    /// <summary>The child's instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The serialized input.</summary>
    public string? Input { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.SubOrchestrationInstanceCreated;
}

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent : HistoryEvent
{
    /// <summary>The sequence id of the matching <see cref="SubOrchestrationInstanceCreatedEvent"/>.</summary>
    public required int TaskScheduledId { get; init; }

    /// <summary>The serialized result.</summary>
    public string? Result { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.SubOrchestrationInstanceCompleted;
}

/// <summary>A sub-orchestration failed or was terminated.</summary>
public sealed record SubOrchestrationInstanceFailedEvent : HistoryEvent
{
    /// <summary>The sequence id of the matching <see cref="SubOrchestrationInstanceCreatedEvent"/>.</summary>
    public required int TaskScheduledId { get; init; }

    /// <summary>A one-line reason.</summary>
    public string? Reason { get; init; }

    /// <summary>What went wrong in the child.</summary>
    public required FailureDetails FailureDetails { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.SubOrchestrationInstanceFailed;
}
