using System.Text.Json.Serialization;

namespace Augment.Durable;

/// <summary>The instance was started: first event of every execution.</summary>
public sealed record ExecutionStartedEvent : HistoryEvent
{
    /// <summary>The orchestrator's name.</summary>
    public required string Name { get; init; }

    /// <summary>The orchestrator's version, if any.</summary>
    public string? Version { get; init; }

    /// <summary>The serialized input.</summary>
    public string? Input { get; init; }

    /// <summary>The instance and execution ids.</summary>
    public required OrchestrationInstance OrchestrationInstance { get; init; }

    /// <summary>The parent orchestration, for sub-orchestrations.</summary>
    public OrchestrationInstance? ParentInstance { get; init; }

    /// <summary>The sequence id of the parent's <see cref="SubOrchestrationInstanceCreatedEvent"/>, for sub-orchestrations.</summary>
    public int? ParentTaskScheduledId { get; init; }

    /// <summary>When the instance should start, if delayed (reserved).</summary>
    public DateTimeOffset? ScheduledStartTime { get; init; }

    /// <summary>How many times the instance has continued as new.</summary>
    public int Generation { get; init; }

    /// <summary>User tags (reserved).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionStarted;
}

/// <summary>
/// The execution ended: the orchestrator returned (Completed), called ContinueAsNew (ContinuedAsNew, <see cref="Result"/>
/// is the new input) or was terminated (Terminated, <see cref="Result"/> is the reason).
/// </summary>
public sealed record ExecutionCompletedEvent : HistoryEvent
{
    /// <summary>The final status of this execution.</summary>
    public OrchestrationRuntimeStatus OrchestrationStatus { get; init; } = OrchestrationRuntimeStatus.Completed;

    /// <summary>The serialized output.</summary>
    public string? Result { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionCompleted;
}

/// <summary>The orchestrator threw, or its replay was not deterministic.</summary>
public sealed record ExecutionFailedEvent : HistoryEvent
{
    /// <summary>The final status (Failed).</summary>
    public OrchestrationRuntimeStatus OrchestrationStatus { get; init; } = OrchestrationRuntimeStatus.Failed;

    /// <summary>What went wrong.</summary>
    public required FailureDetails FailureDetails { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionFailed;
}

/// <summary>A client asked to terminate the instance; an <see cref="ExecutionCompletedEvent"/> with status Terminated follows.</summary>
public sealed record ExecutionTerminatedEvent : HistoryEvent
{
    /// <summary>The serialized reason.</summary>
    public string? Input { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionTerminated;
}

/// <summary>An episode began; its timestamp is the orchestrator's <c>CurrentUtcDateTime</c>.</summary>
public sealed record OrchestratorStartedEvent : HistoryEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.OrchestratorStarted;
}

/// <summary>An episode ended.</summary>
public sealed record OrchestratorCompletedEvent : HistoryEvent
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.OrchestratorCompleted;
}

/// <summary>A client suspended the instance: until resumed, new events are recorded but not delivered to the code.</summary>
public sealed record ExecutionSuspendedEvent : HistoryEvent
{
    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionSuspended;
}

/// <summary>A client resumed a suspended instance: events held while suspended are delivered in order.</summary>
public sealed record ExecutionResumedEvent : HistoryEvent
{
    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionResumed;
}
