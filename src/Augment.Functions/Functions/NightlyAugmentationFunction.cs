using Augment.Functions.Invocation;
using Augment.Functions.Nightly;

namespace Augment.Functions.Functions;

/// <summary>
/// <c>NightlyAugmentation</c>: timer trigger on <c>%NightlySchedule%</c> (default <c>0 0 2 * * *</c>). The night
/// it runs for is the occurrence being fired (<c>ScheduleStatus.Next</c>; a past-due catch-up fires the missed
/// one), else <c>sys.UtcNow</c> when the monitor is off; <see cref="NightlyPlanner"/> derives instance ids from dataset
/// and that date, so a double fire or a catch-up never starts a duplicate.
/// </summary>
internal sealed class NightlyAugmentationFunction(NightlyPlanner planner, TimeProvider time) : IFunction
{
    public const string FunctionName = "NightlyAugmentation";

    /// <summary>The timer binding's name in function.json.</summary>
    public const string BindingName = "timer";

    public string Name => FunctionName;

    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var timer = InvocationValue.AsObject(request.Input(BindingName));
        var pastDue = InvocationValue.AsBoolean(InvocationValue.Property(timer, "IsPastDue")) ?? false;
        var night = OccurrenceOf(request, time.GetUtcNow());
        var outcomes = await planner.RunAsync(night, cancellationToken);
        var logs = new List<string> { $"{Name}: night {NightlyPlanner.DateKey(night)}{(pastDue ? " (past due)" : "")}, {outcomes.Count} scheduled dataset(s)." };
        logs.AddRange(outcomes.Select(o => $"{Name}: {o}"));
        return new InvocationResult(true, logs);
    }

    /// <summary>The occurrence being fired: <c>ScheduleStatus.Next</c>, else <c>sys.UtcNow</c>, else <paramref name="now"/>.</summary>
    internal static DateTimeOffset OccurrenceOf(InvocationRequest request, DateTimeOffset now)
    {
        var timer = InvocationValue.AsObject(request.Input(BindingName));
        var status = InvocationValue.AsObject(InvocationValue.Property(timer, "ScheduleStatus"));
        if (InvocationValue.AsTime(InvocationValue.Property(status, "Next")) is { Year: > 1 } next)
        {
            return next;
        }

        var sys = InvocationValue.AsObject(request.Meta("sys"));
        return InvocationValue.AsTime(InvocationValue.Property(sys, "UtcNow")) ?? now;
    }
}
