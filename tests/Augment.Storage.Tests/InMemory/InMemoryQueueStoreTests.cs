using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.InMemory;

/// <summary>Clock-driven queue behaviour that would take minutes or days on a real service.</summary>
public sealed class InMemoryQueueStoreTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryQueueStore _store;

    public InMemoryQueueStoreTests() => _store = new InMemoryQueueStore(_time);

    [Fact]
    public async Task Send_TimeToLivePasses_MessageExpiresAndIsNotCounted()
    {
        await _store.CreateQueueIfNotExistsAsync("queue1");
        await _store.SendAsync("queue1", "short", timeToLive: TimeSpan.FromMinutes(1));
        await _store.SendAsync("queue1", "forever", timeToLive: Timeout.InfiniteTimeSpan);

        _time.Advance(TimeSpan.FromDays(30));
        var received = await _store.ReceiveAsync("queue1", 32, TimeSpan.FromSeconds(30));

        Assert.Equal("forever", Assert.Single(received).Text);
        Assert.Equal(DateTimeOffset.MaxValue, received[0].ExpirationTime);
        Assert.Equal(1, await _store.GetApproximateCountAsync("queue1"));
    }

    [Fact]
    public async Task Receive_VisibleMessages_ComeInInsertionOrder()
    {
        await _store.CreateQueueIfNotExistsAsync("queue1");
        foreach (var text in new[] { "1", "2", "3" })
        {
            await _store.SendAsync("queue1", text);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var received = await _store.ReceiveAsync("queue1", 32, TimeSpan.FromSeconds(30));

        Assert.Equal(["1", "2", "3"], received.Select(m => m.Text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task Receive_MaxMessagesOutOfRange_Throws(int max)
    {
        await _store.CreateQueueIfNotExistsAsync("queue1");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReceiveAsync("queue1", max, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Send_DelayBeyondSevenDays_Throws()
    {
        await _store.CreateQueueIfNotExistsAsync("queue1");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.SendAsync("queue1", "x", TimeSpan.FromDays(8)));
    }
}
