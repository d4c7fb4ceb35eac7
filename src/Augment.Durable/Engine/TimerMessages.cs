namespace Augment.Durable.Engine;

/// <summary>
/// How long a timer message stays invisible: until its <c>FireAt</c>, but at most one hop
/// (<see cref="DurableTaskOptions.MaxTimerMessageDelay"/>); a longer timer is re-enqueued on arrival until due.
/// </summary>
internal static class TimerMessages
{
    /// <summary>The delay for <paramref name="message"/>: zero unless it is a timer that is not yet due.</summary>
    public static TimeSpan DelayFor(TaskMessage message, DateTimeOffset now, TimeSpan maxHop)
    {
        if (message.Event is not TimerFiredEvent timer || timer.FireAt <= now)
        {
            return TimeSpan.Zero;
        }

        var remaining = timer.FireAt - now;
        return remaining < maxHop ? remaining : maxHop;
    }

    /// <summary>True for a timer message that is not yet due (a deferral that must be re-enqueued, not counted).</summary>
    public static bool IsEarlyTimer(TaskMessage message, DateTimeOffset now) =>
        message.Event is TimerFiredEvent timer && timer.FireAt > now;
}
