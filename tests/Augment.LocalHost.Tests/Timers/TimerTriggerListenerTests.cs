using System.Text;
using System.Text.Json;
using Augment.LocalHost.Timers;
using Augment.Storage;

namespace Augment.LocalHost.Tests.Timers;

public class TimerTriggerListenerTests
{
    private const string StatusBlob = "timers/testhost/Host.Functions.Nightly/status";
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryBlobStore _blobs;
    private readonly List<TimerInfo> _runs = [];

    public TimerTriggerListenerTests() => _blobs = new InMemoryBlobStore(_time);

    private TimerTriggerListener Listener(string schedule = "0 0 2 * * *", bool runOnStartup = false, bool fail = false) => new(
        _blobs,
        new TimerTriggerOptions { HostId = "testhost", FunctionName = "Nightly", Schedule = CronSchedule.Parse(schedule), RunOnStartup = runOnStartup },
        (info, _) =>
        {
            _runs.Add(info);
            return fail ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        },
        time: _time);

    private async Task<TimerStatus> StatusAsync()
    {
        await using var download = await _blobs.OpenReadAsync(TimerTriggerListener.HostsContainer, StatusBlob) ?? throw new InvalidOperationException("no status blob");
        using var reader = new StreamReader(download.Content);
        var json = await reader.ReadToEndAsync();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["Last", "Next", "LastUpdated"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        return JsonSerializer.Deserialize<TimerStatus>(json)!;
    }

    private async Task PutStatusAsync(DateTimeOffset last, DateTimeOffset next, DateTimeOffset updated)
    {
        await _blobs.CreateContainerIfNotExistsAsync(TimerTriggerListener.HostsContainer);
        var json = $$"""{"Last":"{{last:yyyy-MM-ddTHH:mm:sszzz}}","Next":"{{next:yyyy-MM-ddTHH:mm:sszzz}}","LastUpdated":"{{updated:yyyy-MM-ddTHH:mm:sszzz}}"}""";
        await _blobs.UploadAsync(TimerTriggerListener.HostsContainer, StatusBlob, new MemoryStream(Encoding.UTF8.GetBytes(json)));
    }

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Start_NoStatus_WritesInitialStatusAndDoesNotRun()
    {
        await using var listener = Listener();

        await listener.StartAsync();

        Assert.Empty(_runs);
        var status = await StatusAsync();
        Assert.Equal(DateTimeOffset.MinValue, status.Last);
        Assert.Equal(At(3, 11, 2), status.Next);
        Assert.Equal(_time.GetUtcNow(), status.LastUpdated);
        Assert.True(listener.IsPrimary);
    }

    [Fact]
    public async Task Start_RunOnStartup_RunsOnceNotPastDue()
    {
        await using var listener = Listener(runOnStartup: true);

        await listener.StartAsync();

        var run = Assert.Single(_runs);
        Assert.False(run.IsPastDue);
        Assert.NotNull(run.ScheduleStatus);
        var status = await StatusAsync();
        Assert.Equal(_time.GetUtcNow(), status.Last);
        Assert.Equal(At(3, 11, 2), status.Next);
    }

    [Fact]
    public async Task Start_AfterDowntimeOverSeveralDueTimes_OneCatchUpRunWithIsPastDue()
    {
        // Last ran on the 7th at 02:00; the host was down for the 8th, 9th and 10th.
        await PutStatusAsync(At(3, 7, 2), At(3, 8, 2), At(3, 7, 2));
        await using var listener = Listener(runOnStartup: true);

        await listener.StartAsync();

        var run = Assert.Single(_runs);
        Assert.True(run.IsPastDue);
        Assert.Equal(At(3, 8, 2), run.ScheduleStatus!.Next);
        var status = await StatusAsync();
        Assert.Equal(_time.GetUtcNow(), status.Last);
        Assert.Equal(At(3, 11, 2), status.Next);
        Assert.Equal(_time.GetUtcNow(), status.LastUpdated);
    }

    [Fact]
    public async Task Start_StatusUpToDate_NoRun()
    {
        await PutStatusAsync(At(3, 10, 2), At(3, 11, 2), At(3, 10, 2));
        await using var listener = Listener();

        await listener.StartAsync();

        Assert.Empty(_runs);
        Assert.Equal(At(3, 11, 2), listener.NextOccurrence);
    }

    [Fact]
    public async Task Start_ScheduleEdited_NextRecomputedAndNotPastDue()
    {
        // The status was written for an hourly schedule; the schedule is now nightly.
        await PutStatusAsync(At(3, 9, 5), At(3, 9, 6), At(3, 9, 5));
        await using var listener = Listener();

        await listener.StartAsync();

        Assert.Empty(_runs);
        Assert.Equal(At(3, 11, 2), (await StatusAsync()).Next);
    }

    [Fact]
    public async Task FireIfDue_AtEachOccurrence_RunsAndRewritesStatus()
    {
        await using var listener = Listener();
        await listener.StartAsync();
        await listener.StopAsync();
        await listener.TryAcquireLockAsync(CancellationToken.None);
        await listener.OnBecamePrimaryAsync(CancellationToken.None);

        Assert.False(await listener.FireIfDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(16)); // 02:00 on the 11th
        Assert.True(await listener.FireIfDueAsync(CancellationToken.None));
        Assert.False(await listener.FireIfDueAsync(CancellationToken.None));

        var run = Assert.Single(_runs);
        Assert.False(run.IsPastDue);
        var status = await StatusAsync();
        Assert.Equal(At(3, 11, 2), status.Last);
        Assert.Equal(At(3, 12, 2), status.Next);
    }

    [Fact]
    public async Task FireIfDue_FunctionFails_NotRetriedAndScheduleMovesOn()
    {
        await using var listener = Listener(fail: true);
        await listener.StartAsync();
        await listener.StopAsync();
        await listener.TryAcquireLockAsync(CancellationToken.None);
        await listener.OnBecamePrimaryAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(16));

        Assert.True(await listener.FireIfDueAsync(CancellationToken.None));
        Assert.False(await listener.FireIfDueAsync(CancellationToken.None));

        Assert.Single(_runs);
        Assert.Equal(At(3, 12, 2), (await StatusAsync()).Next);
    }

    [Fact]
    public async Task Start_SubMinuteSchedule_NoMonitorAndNullStatus()
    {
        await using var listener = Listener(schedule: "*/10 * * * * *", runOnStartup: true);

        await listener.StartAsync();

        Assert.Null(Assert.Single(_runs).ScheduleStatus);
        Assert.Null(await _blobs.GetPropertiesAsync(TimerTriggerListener.HostsContainer, StatusBlob));
    }

    [Fact]
    public async Task Start_LockHeldByAnotherHost_DoesNotRun()
    {
        await using var first = Listener(runOnStartup: true);
        await using var second = Listener(runOnStartup: true);

        await first.StartAsync();
        await second.StartAsync();

        Assert.True(first.IsPrimary);
        Assert.False(second.IsPrimary);
        Assert.Single(_runs);
    }
}
