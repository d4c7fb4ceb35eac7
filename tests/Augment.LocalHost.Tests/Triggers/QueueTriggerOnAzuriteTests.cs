using Augment.LocalHost.Triggers;
using Augment.Storage;

namespace Augment.LocalHost.Tests.Triggers;

/// <summary>The queue trigger against a real Azurite: real visibility timeouts and dequeue counts.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueTriggerOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AlwaysFailing_SeesDequeueCountOneToFiveThenPoison()
    {
        var (_, queues) = azurite.Clients();
        var queue = "q" + Guid.NewGuid().ToString("N")[..12];
        var counts = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var poisoned = new TaskCompletionSource<QueueMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = new QueueTriggerListener(
            queues,
            new QueueTriggerOptions
            {
                FunctionName = "Work",
                QueueName = queue,
                VisibilityTimeout = TimeSpan.FromMilliseconds(200),
                MinPollingInterval = TimeSpan.FromMilliseconds(50),
                MaxPollingInterval = TimeSpan.FromMilliseconds(200),
            },
            (message, _) =>
            {
                counts.Enqueue(message.DequeueCount);
                throw new InvalidOperationException("boom");
            });
        await listener.StartAsync();
        await queues.SendAsync(queue, "payload");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        IReadOnlyList<QueueMessage> dead = [];
        while (dead.Count == 0)
        {
            await Task.Delay(100, deadline.Token);
            dead = await queues.ReceiveAsync(queue + "-poison", 1, TimeSpan.FromSeconds(30), deadline.Token);
        }

        Assert.Equal("payload", dead[0].Text);
        Assert.Equal([1L, 2, 3, 4, 5], counts);
        Assert.Equal(0, await queues.GetApproximateCountAsync(queue));
    }
}
