using System.Text;
using System.Text.Json;
using Augment.Dev.Tests.Fakes;
using Augment.Dev.Triggers;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Augment.Dev.Tests.Triggers;

/// <summary>The timer loop on a real Azurite with a manual clock; each test has its own host id.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerLoopTests(AzuriteFixture azurite)
{
    private readonly string _hostId = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero));
    private readonly BlobContainerClient _hosts = azurite.Blobs().GetBlobContainerClient("azure-webjobs-hosts");
    private readonly List<TimerFire> _runs = [];

    private string StatusBlob => $"timers/{_hostId}/Host.Functions.Nightly/status";

    private TimerLoop Loop(string schedule = "0 0 2 * * *", bool runOnStartup = false, bool fail = false, TimeProvider? time = null) => new(
        _hosts,
        new TimerLoopOptions { HostId = _hostId, FunctionName = "Nightly", Schedule = TimerSchedule.Parse(schedule), RunOnStartup = runOnStartup },
        (fire, _) =>
        {
            lock (_runs)
            {
                _runs.Add(fire);
            }

            return fail ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        },
        time: time ?? _time);

    private async Task<TimerScheduleStatus> StatusAsync()
    {
        var json = (await _hosts.GetBlobClient(StatusBlob).DownloadContentAsync()).Value.Content.ToString();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["Last", "Next", "LastUpdated"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        return JsonSerializer.Deserialize<TimerScheduleStatus>(json)!;
    }

    private async Task PutStatusAsync(DateTimeOffset last, DateTimeOffset next, DateTimeOffset updated)
    {
        await _hosts.CreateIfNotExistsAsync();
        var json = $$"""{"Last":"{{last:yyyy-MM-ddTHH:mm:sszzz}}","Next":"{{next:yyyy-MM-ddTHH:mm:sszzz}}","LastUpdated":"{{updated:yyyy-MM-ddTHH:mm:sszzz}}"}""";
        await _hosts.GetBlobClient(StatusBlob).UploadAsync(BinaryData.FromString(json), overwrite: true);
    }

    /// <summary>Starts (startup checks), then stops the background loop and takes the lock back, so a test drives <c>FireIfDueAsync</c> alone.</summary>
    private static async Task DriveByHandAsync(TimerLoop loop)
    {
        await loop.StartAsync();
        await loop.StopAsync();
        Assert.True(await loop.TryAcquireLockAsync(CancellationToken.None));
        await loop.OnBecamePrimaryAsync(CancellationToken.None);
    }

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Start_NoStatus_WritesTheInitialStatusAndDoesNotRun()
    {
        await using var loop = Loop();

        await loop.StartAsync();

        Assert.Empty(_runs);
        var status = await StatusAsync();
        Assert.Equal(DateTimeOffset.MinValue, status.Last);
        Assert.Equal(At(3, 11, 2), status.Next);
        Assert.Equal(_time.GetUtcNow(), status.LastUpdated);
        Assert.True(loop.IsPrimary);
        Assert.Equal(At(3, 11, 2), loop.NextOccurrence);
    }

    [Fact]
    public async Task Start_StatusBlob_HasTheHostsJsonShape()
    {
        await using var loop = Loop();

        await loop.StartAsync();

        var properties = (await _hosts.GetBlobClient(StatusBlob).GetPropertiesAsync()).Value;
        var json = (await _hosts.GetBlobClient(StatusBlob).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal("""{"Last":"0001-01-01T00:00:00+00:00","Next":"2027-03-11T02:00:00+00:00","LastUpdated":"2027-03-10T10:00:00+00:00"}""", json);
    }

    [Fact]
    public async Task Start_RunOnStartup_RunsOnceNotPastDue()
    {
        await using var loop = Loop(runOnStartup: true);

        await loop.StartAsync();

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
        await using var loop = Loop(runOnStartup: true);

        await loop.StartAsync();

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
        await using var loop = Loop();

        await loop.StartAsync();

        Assert.Empty(_runs);
        Assert.Equal(At(3, 11, 2), loop.NextOccurrence);
    }

    [Fact]
    public async Task Start_ScheduleEdited_NextRecomputedAndNotPastDue()
    {
        // The status was written for an hourly schedule; the schedule is now nightly.
        await PutStatusAsync(At(3, 9, 5), At(3, 9, 6), At(3, 9, 5));
        await using var loop = Loop();

        await loop.StartAsync();

        Assert.Empty(_runs);
        var status = await StatusAsync();
        Assert.Equal(At(3, 11, 2), status.Next);
        Assert.Equal(_time.GetUtcNow(), status.LastUpdated);
    }

    [Fact]
    public async Task Start_UnreadableStatus_TreatedAsMissing()
    {
        await _hosts.CreateIfNotExistsAsync();
        await _hosts.GetBlobClient(StatusBlob).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("{not json")), overwrite: true);
        await using var loop = Loop();

        await loop.StartAsync();

        Assert.Empty(_runs);
        Assert.Equal(At(3, 11, 2), (await StatusAsync()).Next);
    }

    [Fact]
    public async Task FireIfDue_AtEachOccurrence_RunsAndRewritesTheStatus()
    {
        await using var loop = Loop();
        await DriveByHandAsync(loop);

        Assert.False(await loop.FireIfDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(16)); // 02:00 on the 11th
        Assert.True(await loop.FireIfDueAsync(CancellationToken.None));
        Assert.False(await loop.FireIfDueAsync(CancellationToken.None));

        var run = Assert.Single(_runs);
        Assert.False(run.IsPastDue);
        Assert.Equal(At(3, 11, 2), run.ScheduleStatus!.Next);
        var status = await StatusAsync();
        Assert.Equal(At(3, 11, 2), status.Last);
        Assert.Equal(At(3, 12, 2), status.Next);
    }

    [Fact]
    public async Task FireIfDue_JustBeforeTheOccurrence_WaitsForIt()
    {
        await using var loop = Loop();
        await DriveByHandAsync(loop);
        _time.Advance(TimeSpan.FromHours(16) - TimeSpan.FromMilliseconds(300));

        Assert.False(await loop.FireIfDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(await loop.FireIfDueAsync(CancellationToken.None));

        Assert.Equal(At(3, 11, 2), (await StatusAsync()).Last);
    }

    [Fact]
    public async Task FireIfDue_CallbackThrows_NotRetriedAndTheScheduleMovesOn()
    {
        await using var loop = Loop(fail: true);
        await DriveByHandAsync(loop);
        _time.Advance(TimeSpan.FromHours(16));

        Assert.True(await loop.FireIfDueAsync(CancellationToken.None));
        Assert.False(await loop.FireIfDueAsync(CancellationToken.None));

        Assert.Single(_runs);
        Assert.Equal(At(3, 12, 2), (await StatusAsync()).Next);
    }

    [Fact]
    public async Task Start_SubMinuteSchedule_NoMonitorAndNullStatus()
    {
        await using var loop = Loop(schedule: "*/10 * * * * *", runOnStartup: true);

        await loop.StartAsync();

        Assert.Null(Assert.Single(_runs).ScheduleStatus);
        Assert.False(await _hosts.GetBlobClient(StatusBlob).ExistsAsync());
    }

    [Fact]
    public async Task Start_LockHeldByAnotherHost_SecondDoesNotFireUntilTheFirstStops()
    {
        await using var first = Loop(runOnStartup: true);
        await using var second = Loop(runOnStartup: true);

        await first.StartAsync();
        await second.StartAsync();

        Assert.True(first.IsPrimary);
        Assert.False(second.IsPrimary);
        Assert.False(await second.TryAcquireLockAsync(CancellationToken.None));
        Assert.Single(_runs);
        var lockBlob = await _hosts.GetBlobClient($"locks/{_hostId}/Host.Functions.Nightly.Listener").GetPropertiesAsync();
        Assert.Equal(LeaseState.Leased, lockBlob.Value.LeaseState);

        // The second host's background retry is stopped, so the hand-over below is driven by the test alone.
        await second.StopAsync();
        await first.StopAsync(); // releases the lease
        Assert.False(first.IsPrimary);
        Assert.True(await second.TryAcquireLockAsync(CancellationToken.None));
        await second.OnBecamePrimaryAsync(CancellationToken.None);
        Assert.Equal(2, _runs.Count);
    }

    [Fact]
    public async Task Lock_BrokenByAnother_NoLongerPrimaryAndDoesNotFire()
    {
        var timers = new ManualTimers(_time.GetUtcNow());
        await using var loop = Loop(time: timers);
        await loop.StartAsync();
        Assert.True(loop.IsPrimary);

        await _hosts.GetBlobClient($"locks/{_hostId}/Host.Functions.Nightly.Listener").GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        Assert.True(SpinWait.SpinUntil(() => timers.FireAll() >= 0 && !loop.IsPrimary, TimeSpan.FromSeconds(10)));
        timers.Advance(TimeSpan.FromHours(16));

        Assert.False(await loop.FireIfDueAsync(CancellationToken.None));
        Assert.Empty(_runs);
    }

    [Fact]
    public void Constructor_LockPeriodOutsideLeaseLimits_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimerLoop(
            _hosts,
            new TimerLoopOptions { HostId = _hostId, FunctionName = "Nightly", Schedule = TimerSchedule.Parse("0 0 2 * * *"), LockPeriod = TimeSpan.FromSeconds(90) },
            (_, _) => Task.CompletedTask));
}
