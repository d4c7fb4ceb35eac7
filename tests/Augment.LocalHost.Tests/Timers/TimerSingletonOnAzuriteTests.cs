using Augment.LocalHost.Timers;

namespace Augment.LocalHost.Tests.Timers;

/// <summary>Two hosts sharing one storage account (same host id): the blob lease lets only one run the timer; the other takes over when it stops.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerSingletonOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TwoHosts_OnlyTheLockHolderRuns_TheOtherTakesOverWhenItStops()
    {
        var (blobs, _) = azurite.Clients();
        var hostId = "t" + Guid.NewGuid().ToString("N")[..12];
        var runs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var secondRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TimerTriggerListener Create(string name) => new(
            blobs,
            new TimerTriggerOptions
            {
                HostId = hostId,
                FunctionName = "Nightly",
                Schedule = CronSchedule.Parse("0 0 2 1 1 *"),
                RunOnStartup = true,
                LockPeriod = TimeSpan.FromSeconds(15),
                LockAcquirePollInterval = TimeSpan.FromMilliseconds(500),
            },
            (_, _) =>
            {
                runs.Enqueue(name);
                if (name == "second")
                {
                    secondRan.TrySetResult();
                }

                return Task.CompletedTask;
            });

        await using var first = Create("first");
        await using var second = Create("second");
        await first.StartAsync();
        await second.StartAsync();
        await Task.Delay(1500); // several acquire attempts by the second host

        Assert.True(first.IsPrimary);
        Assert.False(second.IsPrimary);
        Assert.Equal(["first"], runs);

        await first.StopAsync(); // releases the lease
        await secondRan.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(second.IsPrimary);
        Assert.Equal(["first", "second"], runs);
    }
}
