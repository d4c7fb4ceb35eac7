namespace Augment.Dev.Triggers;

/// <summary>Settings of one timer trigger; defaults are the Functions host's. Validated when a <see cref="TimerLoop"/> is created.</summary>
internal sealed class TimerLoopOptions
{
    /// <summary>The host id in status and lock blob names (1–32 lower-case letters, digits, <c>-</c>). Required.</summary>
    public required string HostId { get; init; }

    /// <summary>The function's name; blob names use its id <c>Host.Functions.{FunctionName}</c>. Required.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The schedule (<see cref="TimerSchedule.Parse"/> resolves <c>%Setting%</c>). Required.</summary>
    public required TimerSchedule Schedule { get; init; }

    /// <summary><c>runOnStartup</c>: fire once when this host takes the schedule and it is not past due. Default false.</summary>
    public bool RunOnStartup { get; init; }

    /// <summary><c>useMonitor</c>: keep the status blob and catch up after downtime. Default null: on unless the schedule fires more than once a minute.</summary>
    public bool? UseMonitor { get; init; }

    /// <summary>The singleton lock's lease (15–60 s; renewed every third of it). Default 60 s, the host's listener lock period.</summary>
    public TimeSpan LockPeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a host without the lock tries to take it. Default 1 minute, as the host.</summary>
    public TimeSpan LockAcquireInterval { get; init; } = TimeSpan.FromMinutes(1);

    internal string TimerName => HostIds.FunctionId(FunctionName);

    /// <summary><c>timers/{hostId}/Host.Functions.{name}/status</c> in <c>azure-webjobs-hosts</c>.</summary>
    internal string StatusBlobName => $"timers/{HostId}/{TimerName}/status";

    /// <summary><c>locks/{hostId}/Host.Functions.{name}.Listener</c> in <c>azure-webjobs-hosts</c>.</summary>
    internal string LockBlobName => $"locks/{HostId}/{TimerName}.Listener";

    /// <summary>The host's rule: the monitor is off for schedules whose next two occurrences are less than a minute apart.</summary>
    internal bool MonitorEnabled(DateTimeOffset now)
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
        HostIds.Validate(HostId, nameof(HostId));
        HostIds.ValidateFunctionName(FunctionName, nameof(FunctionName));
        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        if (LockPeriod < TimeSpan.FromSeconds(15) || LockPeriod > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(LockPeriod), LockPeriod, "a blob lease lasts 15 to 60 seconds.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LockAcquireInterval, TimeSpan.Zero, nameof(LockAcquireInterval));
    }
}
