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

    /// <summary>The parent orchestration, for sub-orchestrations (reserved).</summary>
    public OrchestrationInstance? ParentInstance { get; init; }

    /// <summary>When the instance should start, if delayed (reserved).</summary>
    public DateTimeOffset? ScheduledStartTime { get; init; }

    /// <summary>How many times the instance has continued as new (reserved).</summary>
    public int Generation { get; init; }

    /// <summary>User tags (reserved).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override EventType EventType => EventType.ExecutionStarted;
}

/// <summary>The orchestrator returned normally.</summary>
public sealed record ExecutionCompletedEvent : HistoryEvent
{
    /// <summary>The final status (Completed).</summary>
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

/// <summary>A client terminated the instance (reserved for the terminate API).</summary>
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
