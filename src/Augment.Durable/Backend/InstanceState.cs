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

/// <summary>
/// A filter for listing instances, one page at a time: results come in instance-id order; pass the previous page's
/// <see cref="InstancePage.ContinuationToken"/> as <see cref="ContinuationToken"/> to get the next one.
/// </summary>
public sealed record InstanceQuery
{
    /// <summary>The default and largest page size.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Only these statuses (all when null or empty).</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? RuntimeStatus { get; init; }

    /// <summary>Only ids starting with this prefix.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>At most this many results per page (1–1000). Default 100.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Where the previous page stopped (opaque); null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Whether results carry inputs and outputs (client side only). Default false.</summary>
    public bool FetchInputsAndOutputs { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public InstanceQuery Validate()
    {
        if (PageSize is < 1 or > 1000)
        {
            throw new ArgumentException($"PageSize must be 1–1000, not {PageSize}.", nameof(PageSize));
        }

        if (CreatedFrom is { } from && CreatedTo is { } to && to < from)
        {
            throw new ArgumentException("CreatedTo must not be before CreatedFrom.", nameof(CreatedTo));
        }

        _ = Engine.ListContinuation.Decode(ContinuationToken);
        return this;
    }

    internal bool Matches(InstanceState state) =>
        (RuntimeStatus is null || RuntimeStatus.Count == 0 || RuntimeStatus.Contains(state.RuntimeStatus))
        && (InstanceIdPrefix is null || state.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal))
        && (CreatedFrom is null || state.CreatedAt >= CreatedFrom)
        && (CreatedTo is null || state.CreatedAt < CreatedTo);
}

/// <summary>One page of instance states from a backend.</summary>
/// <param name="Instances">The states, in instance-id order.</param>
/// <param name="ContinuationToken">Pass back for the next page; null when this was the last.</param>
public sealed record InstanceStatePage(IReadOnlyList<InstanceState> Instances, string? ContinuationToken);

/// <summary>Which terminal instances <c>PurgeInstancesAsync</c> deletes.</summary>
/// <param name="CreatedFrom">Only instances created at or after this time (required, as in the HTTP API).</param>
/// <param name="CreatedTo">Only instances created before this time; null for no bound.</param>
/// <param name="RuntimeStatus">Only these statuses (each must be terminal); null or empty for every terminal status.</param>
public sealed record PurgeInstancesFilter(DateTimeOffset CreatedFrom, DateTimeOffset? CreatedTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? RuntimeStatus = null);

/// <summary>What a purge deleted.</summary>
/// <param name="PurgedInstanceCount">How many instances (state and history) were deleted.</param>
public sealed record PurgeResult(int PurgedInstanceCount);
