using System.Net;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Conformance;

/// <summary>
/// The behaviour every <see cref="IQueueStore"/> must share. Subclasses supply the store and a way to let time pass
/// (a fake clock in memory, real waiting on Azurite); each test uses its own queue.
/// </summary>
public abstract class QueueStoreConformanceTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    protected abstract IQueueStore Store { get; }

    /// <summary>Lets at least <paramref name="duration"/> pass on the store's clock.</summary>
    protected abstract Task LetTimePassAsync(TimeSpan duration);

    private async Task<string> NewQueueAsync()
    {
        var queue = Names.Unique("q");
        await Store.CreateQueueIfNotExistsAsync(queue);
        return queue;
    }

    [Fact]
    public async Task Send_ThenReceive_ReturnsTextWithDequeueCountOne()
    {
        var queue = await NewQueueAsync();
        var sent = await Store.SendAsync(queue, "hello");

        var received = await Store.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30));

        var message = Assert.Single(received);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("hello", message.Text);
        Assert.Equal(1, message.DequeueCount);
        Assert.True(message.ExpirationTime > message.InsertionTime.AddDays(6));
        Assert.True(message.NextVisibleTime >= message.InsertionTime.AddSeconds(29));
    }

    [Fact]
    public async Task Send_NonAsciiAndMarkupText_RoundTripsExactly()
    {
        var queue = await NewQueueAsync();
        const string text = "{\"name\":\"Grüße, 世界 🚀\",\"xml\":\"<a>&amp;</a>\"}";
        await Store.SendAsync(queue, text);

        var message = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        Assert.Equal(text, message.Text);
    }

    [Fact]
    public async Task Receive_EmptyQueue_ReturnsNothing()
    {
        var queue = await NewQueueAsync();

        Assert.Empty(await Store.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Receive_MaxMessages_LimitsTheBatchAndHidesOnlyThose()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 3; i++)
        {
            await Store.SendAsync(queue, $"m{i}");
        }

        var first = await Store.ReceiveAsync(queue, 2, TimeSpan.FromSeconds(30));
        var second = await Store.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30));

        Assert.Equal(2, first.Count);
        var rest = Assert.Single(second);
        Assert.Equal(["m0", "m1", "m2"], first.Concat(second).Select(m => m.Text).Order());
        Assert.DoesNotContain(rest.MessageId, first.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Send_WithInitialDelay_IsInvisibleUntilTheDelayPasses()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "later", initialVisibilityDelay: TimeSpan.FromSeconds(2));

        var early = await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30));
        var count = await Store.GetApproximateCountAsync(queue);
        await LetTimePassAsync(TimeSpan.FromSeconds(2));
        var late = await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30));

        Assert.Empty(early);
        Assert.Equal(1, count);
        Assert.Equal("later", Assert.Single(late).Text);
    }

    [Fact]
    public async Task Receive_VisibilityTimeoutExpires_RedeliversWithDequeueCountTwoAndNewPopReceipt()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "work");
        var first = Assert.Single(await Store.ReceiveAsync(queue, 1, OneSecond));

        var hidden = await Store.ReceiveAsync(queue, 1, OneSecond);
        await LetTimePassAsync(OneSecond);
        var second = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        Assert.Empty(hidden);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
    }

    [Fact]
    public async Task DeleteMessage_StalePopReceiptAfterRedelivery_ThrowsConflictAndKeepsMessage()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "work");
        var first = Assert.Single(await Store.ReceiveAsync(queue, 1, OneSecond));
        await LetTimePassAsync(OneSecond);
        var second = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.DeleteMessageAsync(queue, first.MessageId, first.PopReceipt));

        Assert.Equal(1, await Store.GetApproximateCountAsync(queue));
        await Store.DeleteMessageAsync(queue, second.MessageId, second.PopReceipt);
        Assert.Equal(0, await Store.GetApproximateCountAsync(queue));
    }

    [Fact]
    public async Task DeleteMessage_AlreadyDeleted_ThrowsConflict()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "work");
        var message = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));
        await Store.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt);

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt));
    }

    [Fact]
    public async Task UpdateMessage_NewTextAndZeroTimeout_IsVisibleAtOnceWithNewTextAndOldReceiptStale()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "v1");
        var received = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        var receipt = await Store.UpdateMessageAsync(queue, received.MessageId, received.PopReceipt, TimeSpan.Zero, "v2 ✓");
        var again = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        Assert.NotEqual(received.PopReceipt, receipt.PopReceipt);
        Assert.Equal("v2 ✓", again.Text);
        Assert.Equal(2, again.DequeueCount);
        await Assert.ThrowsAsync<StorageConflictException>(() => Store.UpdateMessageAsync(queue, received.MessageId, received.PopReceipt, OneSecond));
    }

    [Fact]
    public async Task UpdateMessage_ExtendsVisibility_KeepsMessageHiddenAndTextUnchanged()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "keep");
        var received = Assert.Single(await Store.ReceiveAsync(queue, 1, OneSecond));

        var receipt = await Store.UpdateMessageAsync(queue, received.MessageId, received.PopReceipt, TimeSpan.FromSeconds(30));
        await LetTimePassAsync(OneSecond);
        var hidden = await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30));
        await Store.DeleteMessageAsync(queue, received.MessageId, receipt.PopReceipt);

        Assert.Empty(hidden);
        Assert.True(receipt.NextVisibleTime >= received.NextVisibleTime);
        Assert.Equal(0, await Store.GetApproximateCountAsync(queue));
    }

    [Fact]
    public async Task UpdateMessage_WithoutText_KeepsTheText()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "keep ✓");
        var received = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        await Store.UpdateMessageAsync(queue, received.MessageId, received.PopReceipt, TimeSpan.Zero);
        var again = Assert.Single(await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30)));

        Assert.Equal("keep ✓", again.Text);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task GetApproximateCount_CountsVisibleAndInvisibleMessages()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "a");
        await Store.SendAsync(queue, "b");
        await Store.SendAsync(queue, "c", initialVisibilityDelay: TimeSpan.FromSeconds(60));
        await Store.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30));

        Assert.Equal(3, await Store.GetApproximateCountAsync(queue));
    }

    [Fact]
    public async Task DeleteQueue_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        var queue = await NewQueueAsync();

        Assert.True(await Store.DeleteQueueAsync(queue));
        Assert.False(await Store.DeleteQueueAsync(queue));
    }

    [Fact]
    public async Task Send_MissingQueue_ThrowsNotFoundThatIsNotAConflict()
    {
        var ex = await Assert.ThrowsAsync<StorageException>(() => Store.SendAsync(Names.Unique("missing"), "x"));

        Assert.IsNotType<StorageConflictException>(ex);
        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
        Assert.Equal("QueueNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task CreateQueueIfNotExists_Twice_KeepsMessages()
    {
        var queue = await NewQueueAsync();
        await Store.SendAsync(queue, "a");

        await Store.CreateQueueIfNotExistsAsync(queue);

        Assert.Equal(1, await Store.GetApproximateCountAsync(queue));
    }
}
