namespace Augment.Storage;

/// <summary>Converts and checks queue time arguments the same way for both backends (whole seconds, rounded up).</summary>
internal static class QueueArguments
{
    /// <summary>The service's upper bound on delays and visibility timeouts: 7 days.</summary>
    public const int MaxSeconds = 7 * 24 * 3600;

    public static int Seconds(TimeSpan value, int minSeconds, string paramName)
    {
        var seconds = Math.Ceiling(value.TotalSeconds);
        if (seconds < minSeconds || seconds > MaxSeconds)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Must be between {minSeconds} s and 7 days.");
        }

        return (int)seconds;
    }

    /// <summary>Null is the service default (7 days); <see cref="Timeout.InfiniteTimeSpan"/> is -1 (never expires).</summary>
    public static int TimeToLiveSeconds(TimeSpan? timeToLive)
    {
        if (timeToLive is null)
        {
            return MaxSeconds;
        }

        if (timeToLive == Timeout.InfiniteTimeSpan)
        {
            return -1;
        }

        var seconds = Math.Ceiling(timeToLive.Value.TotalSeconds);
        if (seconds < 1 || seconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "Must be at least 1 s, or infinite.");
        }

        return (int)seconds;
    }
}
