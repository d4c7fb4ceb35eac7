using Augment.LocalHost.Triggers;
using Augment.Storage;

namespace Augment.LocalHost.Tests.Triggers;

public class QueueTriggerListenerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryQueueStore _queues;
    private readonly List<QueueMessage> _calls = [];

    public QueueTriggerListenerTests() => _queues = new InMemoryQueueStore(_time);

    private async Task<QueueTriggerListener> ListenerAsync(Func<QueueMessage, Task>? function = null, int maxDequeueCount = 5)
    {
        var listener = new QueueTriggerListener(
            _queues,
            new QueueTriggerOptions { FunctionName = "Work", QueueName = "work", MaxDequeueCount = maxDequeueCount },
            (message, _) =>
            {
                lock (_calls)
                {
                    _calls.Add(message);
                }

                return function?.Invoke(message) ?? Task.CompletedTask;
            },
            time: _time);
        await listener.StartAsync();
        await listener.StopAsync(); // the tests drive polls themselves
        return listener;
    }

    [Fact]
    public async Task PollOnce_Success_DeletesTheMessage()
    {
        var listener = await ListenerAsync();
        await _queues.SendAsync("work", "hello");

        Assert.Equal(1, await listener.PollOnceAsync());

        Assert.Equal("hello", Assert.Single(_calls).Text);
        Assert.Equal(0, await _queues.GetApproximateCountAsync("work"));
    }

    [Fact]
    public async Task PollOnce_AlwaysFails_DequeueCountGrowsThenPoisonAfterFive()
    {
        var listener = await ListenerAsync(_ => throw new InvalidOperationException("boom"));
        await _queues.SendAsync("work", "bad");

        for (var i = 0; i < 8; i++)
        {
            await listener.PollOnceAsync();
            _time.Advance(TimeSpan.FromMinutes(2));
        }

        Assert.Equal([1L, 2, 3, 4, 5], _calls.Select(c => c.DequeueCount));
        Assert.Equal(0, await _queues.GetApproximateCountAsync("work"));
        var poisoned = await _queues.ReceiveAsync("work-poison", 32, TimeSpan.FromMinutes(1));
        Assert.Equal("bad", Assert.Single(poisoned).Text);
    }

    [Fact]
    public async Task PollOnce_Failure_HiddenForABackOffBeforeTheRetry()
    {
        var listener = await ListenerAsync(_ => throw new InvalidOperationException("boom"));
        await _queues.SendAsync("work", "x");

        await listener.PollOnceAsync();
        await listener.PollOnceAsync(); // still hidden: 1 s back-off
        _time.Advance(TimeSpan.FromSeconds(1.5));
        await listener.PollOnceAsync();
        await listener.PollOnceAsync(); // hidden again: 2 s back-off
        _time.Advance(TimeSpan.FromSeconds(1.5));
        await listener.PollOnceAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await listener.PollOnceAsync();

        Assert.Equal([1L, 2, 3], _calls.Select(c => c.DequeueCount));
    }

    [Fact]
    public async Task PollOnce_FailsTwiceThenSucceeds_NotPoisoned()
    {
        var failures = 2;
        var listener = await ListenerAsync(_ => Interlocked.Decrement(ref failures) >= 0 ? throw new InvalidOperationException("transient") : Task.CompletedTask);
        await _queues.SendAsync("work", "x");

        for (var i = 0; i < 5; i++)
        {
            await listener.PollOnceAsync();
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3, _calls.Count);
        Assert.Equal(0, await _queues.GetApproximateCountAsync("work"));
        Assert.Equal(0, await _queues.GetApproximateCountAsync("work-poison"));
    }

    [Fact]
    public async Task PollOnce_MessagePastTheLimitWhenReceived_PoisonedWithoutRunning()
    {
        var listener = await ListenerAsync(maxDequeueCount: 2);
        await _queues.SendAsync("work", "crashed-the-host");

        // Two deliveries whose runs never finished (the host died): the message just reappears.
        for (var i = 0; i < 2; i++)
        {
            await _queues.ReceiveAsync("work", 1, TimeSpan.FromSeconds(1));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        await listener.PollOnceAsync();

        Assert.Empty(_calls);
        Assert.Equal(1, await _queues.GetApproximateCountAsync("work-poison"));
    }

    [Fact]
    public async Task PollOnce_Batch_RunsEveryMessage()
    {
        var listener = await ListenerAsync();
        for (var i = 0; i < 20; i++)
        {
            await _queues.SendAsync("work", $"m{i}");
        }

        var received = await listener.PollOnceAsync() + await listener.PollOnceAsync();

        Assert.Equal(20, received);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}").Order(), _calls.Select(c => c.Text).Order());
    }
}
