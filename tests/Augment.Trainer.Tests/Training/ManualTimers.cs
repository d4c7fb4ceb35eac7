namespace Augment.Trainer.Tests.Training;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock and timers move only when the test calls <see cref="Advance"/>, so code
/// that waits with <c>Task.Delay(interval, timeProvider, token)</c> is driven without real waits. Due timers fire on
/// the calling thread, in time order.
/// </summary>
internal sealed class ManualTimers(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualTimers()
        : this(new DateTimeOffset(2025, 11, 21, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Timers created so far (active or not).</summary>
    public int Created { get; private set; }

    /// <summary>Timers waiting to fire.</summary>
    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        TaskCompletionSource created;
        lock (_gate)
        {
            _timers.Add(timer);
            Created++;
            timer.Schedule(_now, dueTime, period);
            created = _created;
            _created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        created.TrySetResult();
        return timer;
    }

    /// <summary>Completes once an active timer exists (at once if one does); fails after <paramref name="timeout"/> of real time.</summary>
    public Task WaitForActiveTimerAsync(TimeSpan timeout)
    {
        Task created;
        lock (_gate)
        {
            if (_timers.Any(t => t.DueAt is not null))
            {
                return Task.CompletedTask;
            }

            created = _created.Task;
        }

        return WaitAgainAsync(created, timeout);
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt!.Value;
                due.Fired();
            }

            due.Invoke();
        }
    }

    private async Task WaitAgainAsync(Task created, TimeSpan timeout)
    {
        await created.WaitAsync(timeout);
        await WaitForActiveTimerAsync(timeout);
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimers owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public void Schedule(DateTimeOffset now, TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
        }

        public void Fired() => DueAt = _period is { Ticks: > 0 } p && p != Timeout.InfiniteTimeSpan ? DueAt + p : null;

        public void Invoke() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Schedule(owner._now, dueTime, period);
            }

            return true;
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
