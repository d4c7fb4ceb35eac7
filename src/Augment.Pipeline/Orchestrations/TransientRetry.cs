using Microsoft.DurableTask;

namespace Augment.Pipeline.Orchestrations;

/// <summary>
/// The retry every activity call gets: storage or network failures (an emulator or account briefly unreachable, a
/// throttled request) are retried on durable timers — 4 attempts, 5 s then 10 s then 20 s, enough to ride out a
/// restart of the storage emulator — while everything else (bad input, a failed spec, a bug) fails the stage at once
/// with its one-line reason. Activities are idempotent, so a retry redoes the same work on the same blob names.
/// </summary>
internal static class TransientRetry
{
    /// <summary>The failure types (this one or an inner one) that are the infrastructure's, by full name.</summary>
    internal static readonly string[] TransientErrorTypes =
    [
        "Azure.RequestFailedException",
        typeof(Storage.StorageException).FullName!, // the blob store's own mapping of a failed storage request (not its conflict subtype)
        typeof(HttpRequestException).FullName!,
        typeof(System.Net.Sockets.SocketException).FullName!,
        typeof(TimeoutException).FullName!,
    ];

    /// <summary>The task options of an activity call.</summary>
    public static TaskOptions Options { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = IsTransient,
    });

    /// <summary>
    /// Whether a failure is transient. Compares type names rather than calling <c>TaskFailureDetails.IsCausedBy&lt;T&gt;()</c>,
    /// which in 1.28 throws for types forwarded through netstandard.dll such as <see cref="HttpRequestException"/>.
    /// </summary>
    internal static bool IsTransient(TaskFailureDetails? failure) => IsCausedBy(failure, TransientErrorTypes);

    /// <summary>Whether the failure or one of its inner failures has one of <paramref name="errorTypes"/> (full names).</summary>
    internal static bool IsCausedBy(TaskFailureDetails? failure, params string[] errorTypes)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (errorTypes.Contains(f.ErrorType, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
