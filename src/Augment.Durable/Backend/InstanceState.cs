namespace Augment.Durable;

/// <summary>
/// The persisted state of an orchestration instance: a projection of its history plus the custom status, kept
/// next to the history so that status queries need not replay.
/// </summary>
public sealed record InstanceState
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The current execution id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The orchestrator's name.</summary>
    public required string Name { get; init; }

    /// <summary>The runtime status.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>The serialized input.</summary>
    public string? Input { get; init; }

    /// <summary>The serialized output, once completed.</summary>
    public string? Output { get; init; }

    /// <summary>The serialized custom status.</summary>
    public string? CustomStatus { get; init; }

    /// <summary>When the instance was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the state last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>When the instance reached a terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the instance failed.</summary>
    public FailureDetails? FailureDetails { get; init; }
}

/// <summary>A filter for listing instances.</summary>
public sealed record InstanceQuery
{
    /// <summary>Only these statuses (all when null or empty).</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? RuntimeStatus { get; init; }

    /// <summary>Only ids starting with this prefix.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>At most this many results (all when null).</summary>
    public int? Top { get; init; }

    internal bool Matches(InstanceState state) =>
        (RuntimeStatus is null || RuntimeStatus.Count == 0 || RuntimeStatus.Contains(state.RuntimeStatus))
        && (InstanceIdPrefix is null || state.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal))
        && (CreatedFrom is null || state.CreatedAt >= CreatedFrom)
        && (CreatedTo is null || state.CreatedAt < CreatedTo);
}
