using System.Threading.Channels;
using Augment.Dev.Durable;
using Augment.Dev.Tests.Fakes;
using DurableTask.Core;

namespace Augment.Dev.Tests.Durable;

/// <summary>
/// The lock renewal the sidecar's dispatcher leaves out: a running activity's lock is renewed on every tick until the
/// work item is completed or abandoned, a renewal in flight is waited for before either, and a failed renewal is
/// logged and tried again. The clock is manual: each <see cref="ManualTimers.FireAll"/> is one tick.
/// </summary>
public sealed class ActivityLockRenewalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ManualTimers _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly ListLogger<ActivityLockRenewal> _log = new();
    private readonly Channel<string> _renewed = Channel.CreateUnbounded<string>();

    private ActivityLockRenewal Renewal(Func<TaskActivityWorkItem, Task>? renew = null) =>
        new(renew ?? (w => _renewed.Writer.WriteAsync(w.Id).AsTask()), TimeSpan.FromSeconds(15), _time, _log);

    [Fact]
    public async Task Start_EachTick_RenewsTheWorkItemUntilItIsStopped()
    {
        var renewal = Renewal();
        var item = new TaskActivityWorkItem { Id = "evaluate-images" };

        renewal.Start(item);
        renewal.Start(item); // once per work item
        for (var tick = 0; tick < 3; tick++)
        {
            Assert.Equal(1, _time.FireAll());
            Assert.Equal("evaluate-images", await _renewed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }

        await renewal.StopAsync(item);

        Assert.Equal(0, _time.FireAll());
        Assert.Equal(0, renewal.Count);
        Assert.False(_renewed.Reader.TryRead(out _));
    }

    [Fact]
    public async Task StopAsync_RenewalInFlight_WaitsForItSoTheDeleteUsesTheNewPopReceipt()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewal = Renewal(async _ =>
        {
            entered.TrySetResult();
            await release.Task;
        });
        var item = new TaskActivityWorkItem { Id = "train-images" };
        renewal.Start(item);
        _time.FireAll();
        await entered.Task.WaitAsync(Wait);

        var stopping = renewal.StopAsync(item);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(Wait);

        Assert.Equal(0, renewal.Count);
    }

    [Fact]
    public async Task Start_RenewalFails_IsLoggedAndTriedAgainOnTheNextTick()
    {
        var calls = 0;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewal = Renewal(w =>
        {
            if (++calls == 1)
            {
                failed.SetResult();
                throw new InvalidOperationException("queue unreachable");
            }

            return _renewed.Writer.WriteAsync(w.Id).AsTask();
        });
        var item = new TaskActivityWorkItem { Id = "a1" };
        renewal.Start(item);

        _time.FireAll();
        await failed.Task.WaitAsync(Wait);
        _time.FireAll();
        Assert.Equal("a1", await _renewed.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        await renewal.StopAsync(item);

        var warning = Assert.Single(_log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 4100 && e.Message == "Renewed the lock of activity work item a1");
        Assert.Equal((Microsoft.Extensions.Logging.LogLevel.Warning, 4101), (warning.Level, warning.EventId.Id));
        Assert.Contains("a1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("queue unreachable", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, calls);
    }
}
