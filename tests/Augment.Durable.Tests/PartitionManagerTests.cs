using Augment.Durable.AzureStorage;
using Augment.Durable.Tests.Fakes;
using Augment.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable.Tests;

/// <summary>Partition leases and balancing, one round at a time, on the in-memory blob store and a manual clock.</summary>
public sealed class PartitionManagerTests
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Epoch);
    private readonly InMemoryBlobStore _blobs;
    private readonly TaskHubLayout _layout = new("hub", 4);
    private readonly DurableTaskOptions _options = new DurableTaskOptions { TaskHub = "hub", PartitionLeaseDuration = TimeSpan.FromSeconds(30) }.Validate();

    public PartitionManagerTests() => _blobs = new InMemoryBlobStore(_time);

    [Fact]
    public async Task Round_OneWorker_OwnsEveryPartition()
    {
        var a = await NewAsync("a");

        await a.RunRoundAsync(default);

        Assert.Equal([0, 1, 2, 3], a.Owned);
    }

    [Fact]
    public async Task Round_SecondWorkerJoins_FirstReleasesHalfAndSecondTakesThem()
    {
        var a = await NewAsync("a");
        var b = await NewAsync("b");
        await a.RunRoundAsync(default);

        await b.RunRoundAsync(default); // sees a: share 2, but everything is leased
        var bBefore = b.Owned;
        await a.RunRoundAsync(default); // sees b: releases down to its share
        await b.RunRoundAsync(default);

        Assert.Empty(bBefore);
        Assert.Equal(2, a.Owned.Count);
        Assert.Equal(2, b.Owned.Count);
        Assert.Equal([0, 1, 2, 3], a.Owned.Concat(b.Owned).Order());
    }

    [Fact]
    public async Task Round_ThreeWorkers_DisjointTwoOneOne()
    {
        var workers = new[] { await NewAsync("a"), await NewAsync("b"), await NewAsync("c") };

        for (var round = 0; round < 3; round++)
        {
            foreach (var w in workers)
            {
                await w.RunRoundAsync(default);
            }
        }

        Assert.Equal([0, 1, 2, 3], workers.SelectMany(w => w.Owned).Order());
        Assert.Equal([1, 1, 2], workers.Select(w => w.Owned.Count).Order());
    }

    [Fact]
    public async Task Round_WorkerStopsRenewing_OtherStealsAfterLeaseLapses()
    {
        var a = await NewAsync("a");
        var b = await NewAsync("b");
        await a.RunRoundAsync(default);
        await b.RunRoundAsync(default);
        await a.RunRoundAsync(default);
        await b.RunRoundAsync(default);
        var aHeld = a.Owned;

        _time.Advance(TimeSpan.FromSeconds(20));
        await b.RunRoundAsync(default); // a silent for 20 s: still counted alive, its leases still valid
        var bAt20 = b.Owned.Count;
        _time.Advance(TimeSpan.FromSeconds(11));
        await b.RunRoundAsync(default); // 31 s: a is dead and its leases have lapsed

        Assert.Equal(2, aHeld.Count);
        Assert.Equal(2, bAt20);
        Assert.Equal([0, 1, 2, 3], b.Owned);
    }

    [Fact]
    public async Task Dispose_ReleasesLeasesAndPresence_OtherTakesOverAtOnce()
    {
        var a = await NewAsync("a");
        var b = await NewAsync("b");
        await a.EnsureStartedAsync(default);
        await b.RunRoundAsync(default);

        await a.DisposeAsync();
        await b.RunRoundAsync(default);

        Assert.Empty(a.Owned);
        Assert.Equal([0, 1, 2, 3], b.Owned);
        Assert.DoesNotContain((await _blobs.ListPageAsync(_layout.LeasesContainer, "workers/")).Items, i => i.Name == "workers/a");
    }

    [Fact]
    public async Task Round_RestartedUnderSameWorkerId_TakesItsLeasesBackWithoutWaiting()
    {
        var crashed = await NewAsync("a");
        await crashed.RunRoundAsync(default);
        var other = await NewAsync("b");

        var restarted = await NewAsync("a");
        await restarted.RunRoundAsync(default);
        await other.RunRoundAsync(default);

        Assert.Equal([0, 1, 2, 3], restarted.Owned);
        Assert.Empty(other.Owned);
    }

    [Fact]
    public async Task Round_LeaseTakenByAnother_IsDroppedFromOwned()
    {
        var a = await NewAsync("a");
        await a.RunRoundAsync(default);
        _time.Advance(TimeSpan.FromSeconds(31));
        await _blobs.AcquireLeaseAsync(_layout.LeasesContainer, _layout.LeaseBlobFor(2), TimeSpan.FromSeconds(60), Guid.NewGuid().ToString());

        await a.RunRoundAsync(default);

        Assert.Equal([0, 1, 3], a.Owned);
    }

    private async Task<PartitionManager> NewAsync(string workerId)
    {
        var manager = new PartitionManager(_blobs, _layout, _options, workerId, _time, NullLogger.Instance);
        await manager.InitializeAsync(default);
        return manager;
    }
}
