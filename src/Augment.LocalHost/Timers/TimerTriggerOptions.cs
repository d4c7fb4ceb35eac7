namespace Augment.LocalHost.Timers;

/// <summary>Settings of one timer trigger; defaults are the Functions host's.</summary>
public sealed class TimerTriggerOptions
{
    /// <summary>The host id in status and lock blob names. Default <c>localhost</c>.</summary>
    public string HostId { get; init; } = "localhost";

    /// <summary>The function's name. Required.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The schedule. Required.</summary>
    public required CronSchedule Schedule { get; init; }

    /// <summary><c>runOnStartup</c>: fire once when the listener starts (and is not past due). Default false.</summary>
    public bool RunOnStartup { get; init; }

    /// <summary><c>useMonitor</c>: keep the status blob and catch up after downtime. Default: true unless the schedule fires more than once a minute.</summary>
    public bool? UseMonitor { get; init; }

    /// <summary>The singleton lock's lease (15–60 s). Default 60 s, the host's listener lock period.</summary>
    public TimeSpan LockPeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a host without the lock tries to take it. Default 1 minute, as the host.</summary>
    public TimeSpan LockAcquirePollInterval { get; init; } = TimeSpan.FromMinutes(1);

    internal string TimerName => $"Host.Functions.{FunctionName}";

    internal string StatusBlob => $"timers/{HostId}/{TimerName}/status";

    internal string LockBlob => $"locks/{HostId}/{TimerName}.Listener";

    /// <summary>The host's rule: no monitor for schedules that fire more than once a minute.</summary>
    internal bool MonitorEnabled(DateTime now)
    {
        if (UseMonitor is { } explicitValue)
        {
            return explicitValue;
        }

        var first = Schedule.GetNextOccurrence(now);
        var second = first is { } f ? Schedule.GetNextOccurrence(f) : null;
        return first is null || second is null || second.Value - first.Value >= TimeSpan.FromMinutes(1);
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(FunctionName);
        ArgumentNullException.ThrowIfNull(Schedule);
        if (LockPeriod < TimeSpan.FromSeconds(15) || LockPeriod > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(LockPeriod), "a blob lease lasts 15 to 60 seconds.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LockAcquirePollInterval, TimeSpan.Zero);
    }
}
