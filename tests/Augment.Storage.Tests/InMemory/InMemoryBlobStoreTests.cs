using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.InMemory;

/// <summary>Clock-driven behaviour that is too slow to run on Azurite (leases last at least 15 s).</summary>
public sealed class InMemoryBlobStoreTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryBlobStore _store;

    public InMemoryBlobStoreTests() => _store = new InMemoryBlobStore(_time);

    private async Task SeedAsync()
    {
        await _store.CreateContainerIfNotExistsAsync("cont");
        await _store.UploadAsync("cont", "b", new MemoryStream([1]));
    }

    [Fact]
    public async Task AcquireLease_AfterPreviousLeaseExpired_Succeeds()
    {
        await SeedAsync();
        var first = await _store.AcquireLeaseAsync("cont", "b", TimeSpan.FromSeconds(15));

        _time.Advance(TimeSpan.FromSeconds(16));
        var second = await _store.AcquireLeaseAsync("cont", "b", TimeSpan.FromSeconds(15));

        Assert.NotEqual(first, second);
        await Assert.ThrowsAsync<StorageConflictException>(() => _store.RenewLeaseAsync("cont", "b", first));
    }

    [Fact]
    public async Task RenewLease_BeforeExpiry_KeepsOthersOut()
    {
        await SeedAsync();
        var leaseId = await _store.AcquireLeaseAsync("cont", "b", TimeSpan.FromSeconds(15));

        _time.Advance(TimeSpan.FromSeconds(10));
        await _store.RenewLeaseAsync("cont", "b", leaseId);
        _time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<StorageConflictException>(() => _store.AcquireLeaseAsync("cont", "b", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Upload_AfterLeaseExpired_NeedsNoLeaseId()
    {
        await SeedAsync();
        await _store.AcquireLeaseAsync("cont", "b", TimeSpan.FromSeconds(15));

        _time.Advance(TimeSpan.FromSeconds(15));
        var info = await _store.UploadAsync("cont", "b", new MemoryStream([2]));

        Assert.Equal(1, info.ContentLength);
    }

    [Fact]
    public async Task Upload_LastModified_FollowsTheClockInWholeSeconds()
    {
        await SeedAsync();
        _time.Advance(TimeSpan.FromSeconds(90.7));

        var info = await _store.UploadAsync("cont", "b", new MemoryStream([2]));

        Assert.Equal(new DateTimeOffset(2025, 11, 21, 12, 1, 30, TimeSpan.Zero), info.LastModified);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    public async Task AcquireLease_DurationOutOfRange_Throws(int seconds)
    {
        await SeedAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.AcquireLeaseAsync("cont", "b", TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task CreateContainer_InvalidName_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CreateContainerIfNotExistsAsync("Bad_Name"));
    }

    [Fact]
    public async Task ConcurrentCreateOnlyUploads_ExactlyOneWins()
    {
        await _store.CreateContainerIfNotExistsAsync("cont");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            await Task.Yield();
            try
            {
                await _store.UploadAsync("cont", "lock", new MemoryStream([(byte)i]), BlobWriteOptions.CreateOnly);
                return true;
            }
            catch (StorageConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, results.Count(r => r));
    }
}
