namespace Augment.Durable;

/// <summary>Options for one scheduled activity or sub-orchestration.</summary>
/// <param name="Retry">Retry the call on failure; null for a single attempt.</param>
public record TaskOptions(RetryPolicy? Retry = null);

/// <summary>Options for a sub-orchestration.</summary>
/// <param name="InstanceId">The child's instance id; null for <c>{parentId}:{sequenceId:D4}</c>.</param>
/// <param name="Retry">Retry the child on failure (each attempt gets a new default id, or the same explicit id).</param>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null) : TaskOptions(Retry);

/// <summary>
/// When and how often to retry a failed activity or sub-orchestration (after Durable Task's <c>RetryPolicy</c>).
/// Attempt n (n ≥ 1) waits <c>min(FirstRetryInterval · BackoffCoefficient^(n-1), MaxRetryInterval)</c> on a durable
/// timer before attempt n+1. Failures marked <see cref="FailureDetails.IsNonRetriable"/> are never retried.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts, the first included (≥ 1).</param>
    /// <param name="firstRetryInterval">Wait before the first retry (&gt; 0).</param>
    /// <param name="backoffCoefficient">Multiplier per retry (≥ 1). Default 1.</param>
    /// <param name="maxRetryInterval">Cap on one wait; null for none.</param>
    /// <param name="handle">Retry only failures for which this returns true; null retries every retriable failure.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1, TimeSpan? maxRetryInterval = null, Func<FailureDetails, bool>? handle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        if (!(backoffCoefficient >= 1) || double.IsInfinity(backoffCoefficient))
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "Must be a finite number ≥ 1.");
        }

        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), maxRetryInterval, "Must be at least the first retry interval.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval;
        Handle = handle;
    }

    /// <summary>Total attempts, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Wait before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier per retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Cap on one wait, if any.</summary>
    public TimeSpan? MaxRetryInterval { get; }

    /// <summary>Which failures to retry; null for all retriable ones.</summary>
    public Func<FailureDetails, bool>? Handle { get; }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        var cap = (MaxRetryInterval ?? TimeSpan.MaxValue).Ticks;
        return ticks >= cap ? TimeSpan.FromTicks(cap) : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>True when attempt <paramref name="attempt"/> failed with <paramref name="failure"/> and another is allowed.</summary>
    public bool ShouldRetry(int attempt, FailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return attempt < MaxNumberOfAttempts && !failure.IsNonRetriable && (Handle?.Invoke(failure) ?? true);
    }
}
