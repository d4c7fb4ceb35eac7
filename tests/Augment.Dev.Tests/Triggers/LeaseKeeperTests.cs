using Augment.Dev.Tests.Fakes;
using Augment.Dev.Triggers;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Augment.Dev.Tests.Triggers;

[Collection(AzuriteCollection.Name)]
public sealed class LeaseKeeperTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly ManualTimers _time = new(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero));
    private BlobClient _blob = null!;

    public async Task InitializeAsync()
    {
        var container = azurite.Blobs().GetBlobContainerClient("leases");
        await container.CreateIfNotExistsAsync();
        _blob = container.GetBlobClient(Guid.NewGuid().ToString("N"));
        await _blob.UploadAsync(BinaryData.Empty);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Tick_LeaseStillHeld_RenewedAndNotLost()
    {
        var lease = _blob.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(15));
        var keeper = LeaseKeeper.Start(lease, TimeSpan.FromSeconds(5), _time);

        Assert.True(SpinWait.SpinUntil(() => _time.FireAll() > 0, TimeSpan.FromSeconds(10)));
        await keeper.DisposeAsync();

        Assert.False(keeper.IsLost);
        Assert.Equal(LeaseState.Leased, (await _blob.GetPropertiesAsync()).Value.LeaseState);
    }

    [Fact]
    public async Task Tick_LeaseBrokenByAnother_MarkedLost()
    {
        var lease = _blob.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(15));
        await using var keeper = LeaseKeeper.Start(lease, TimeSpan.FromSeconds(5), _time);
        await _blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);

        Assert.True(SpinWait.SpinUntil(() => _time.FireAll() >= 0 && keeper.IsLost, TimeSpan.FromSeconds(10)));
    }
}
