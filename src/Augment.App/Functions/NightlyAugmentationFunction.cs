using Augment.App.Hosting;
using Augment.App.Nightly;
using Augment.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Augment.App.Functions;

/// <summary>
/// <c>NightlyAugmentation</c>: the timer (<c>%NightlySchedule%</c>, NCRONTAB) that re-runs every dataset whose
/// augment.json says <c>"schedule": "nightly"</c> (see <see cref="NightlyPlanner"/>). One run per dataset and night:
/// the instance id carries the night's date, so a past-due or repeated fire starts nothing twice.
/// </summary>
public sealed partial class NightlyAugmentationFunction(IBlobStore blobs, TimeProvider time, ILogger<NightlyAugmentationFunction> logger, AppOptions? options = null)
{
    /// <summary>The function's name.</summary>
    public const string Name = "NightlyAugmentation";

    /// <summary>Plans and starts the night's runs.</summary>
    [Function(Name)]
    public async Task Run([TimerTrigger("%NightlySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var night = OccurrenceOf(timer, time.GetUtcNow());
        var outcomes = await new NightlyPlanner(blobs, client, options?.StorageRetryWindowSeconds).RunAsync(night, cancellationToken);
        LogNight(NightlyPlanner.DateKey(night), timer.IsPastDue, outcomes.Count);
        foreach (var outcome in outcomes)
        {
            LogOutcome(outcome.ToString());
        }
    }

    /// <summary>The occurrence this fire stands for (the host's <c>ScheduleStatus.Next</c> while it fires), else now.</summary>
    internal static DateTimeOffset OccurrenceOf(TimerInfo timer, DateTimeOffset now) =>
        timer.ScheduleStatus is { Next.Year: > 1 } status ? new DateTimeOffset(DateTime.SpecifyKind(status.Next, DateTimeKind.Utc)) : now;

    [LoggerMessage(1, LogLevel.Information, "Night {Night} (past due: {PastDue}): {Count} scheduled dataset(s)")]
    private partial void LogNight(string night, bool pastDue, int count);

    [LoggerMessage(2, LogLevel.Information, "Nightly: {Outcome}")]
    private partial void LogOutcome(string outcome);
}
