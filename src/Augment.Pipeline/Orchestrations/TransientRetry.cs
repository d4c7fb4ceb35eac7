using Microsoft.DurableTask;

namespace Augment.Pipeline.Orchestrations;

/// <summary>
/// The retry every activity call gets: storage or network failures (an emulator or account briefly unreachable, a
/// throttled request) are retried on durable timers — 5 s, then 10 s, 20 s, then every 30 s, for as long as the run's
/// storage-outage window allows (<see cref="AugmentRequest.StorageRetryWindowSeconds"/>; default 35 s: 4 attempts,
/// enough to ride out a restart of the storage emulator) — while everything else (bad input, a failed spec, a bug)
/// fails the stage at once with its one-line reason. Activities are idempotent, so a retry redoes the same work on the
/// same blob names. The window travels in the run's input, so a setting changed mid-run cannot change a replay.
/// </summary>
internal static class TransientRetry
{
    /// <summary>The default storage-outage window, seconds (retries at 5, 15 and 35 s).</summary>
    public const int DefaultWindowSeconds = 35;

    /// <summary>The longest window a host may set, seconds.</summary>
    public const int MaxWindowSeconds = 3600;

    /// <summary>The task options of an activity call in a run whose outage window is <paramref name="windowSeconds"/> (null: the default).</summary>
    public static TaskOptions For(int? windowSeconds) => windowSeconds is null or DefaultWindowSeconds ? Options : TaskOptions.FromRetryPolicy(Policy(windowSeconds.Value));

    /// <summary>Attempts whose waits (5, 10, 20, 30, 30, … s) add up to at least the window.</summary>
    internal static int Attempts(int windowSeconds)
    {
        var window = Math.Clamp(windowSeconds, 1, MaxWindowSeconds);
        var (attempts, waited, wait) = (1, 0.0, 5.0);
        while (waited < window)
        {
            waited += wait;
            wait = Math.Min(wait * 2, 30);
            attempts++;
        }

        return attempts;
    }

    private static RetryPolicy Policy(int windowSeconds) => new(
        maxNumberOfAttempts: Attempts(windowSeconds),
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = IsTransient,
    };

    /// <summary>The failure types (this one or an inner one) that are the infrastructure's, by full name.</summary>
    internal static readonly string[] TransientErrorTypes =
    [
        "Azure.RequestFailedException",
        typeof(Storage.StorageException).FullName!, // the blob store's own mapping of a failed storage request (not its conflict subtype)
        typeof(HttpRequestException).FullName!,
        typeof(System.Net.Sockets.SocketException).FullName!,
        typeof(TimeoutException).FullName!,
    ];

    /// <summary>The task options of an activity call with the default window.</summary>
    public static TaskOptions Options { get; } = TaskOptions.FromRetryPolicy(Policy(DefaultWindowSeconds));

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
