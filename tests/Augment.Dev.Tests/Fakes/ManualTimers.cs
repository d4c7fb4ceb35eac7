namespace Augment.Dev.Tests.Fakes;

/// <summary>
/// A clock and timers that move only when a test says so: <see cref="Advance"/> moves the clock, <see cref="FireAll"/>
/// fires every active timer once (periodic timers stay active), whatever their due time.
/// </summary>
internal sealed class ManualTimers(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state, dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Fires each active timer once.</summary>
    /// <returns>How many fired.</returns>
    public int FireAll()
    {
        ManualTimer[] active;
        lock (_gate)
        {
            active = _timers.Where(t => t.Active).ToArray();
        }

        foreach (var timer in active)
        {
            timer.Fire();
        }

        return active.Length;
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimers owner, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) : ITimer
    {
        private TimeSpan _due = dueTime;
        private TimeSpan _period = period;

        public bool Active => _due != Timeout.InfiniteTimeSpan;

        public void Fire()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                _due = Timeout.InfiniteTimeSpan;
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            (_due, _period) = (dueTime, period);
            return true;
        }

        public void Dispose()
        {
            _due = Timeout.InfiniteTimeSpan;
            owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
