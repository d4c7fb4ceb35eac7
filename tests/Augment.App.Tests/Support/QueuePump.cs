using Augment.Functions.Functions;
using Augment.Storage;

namespace Augment.Functions.Tests.Support;

/// <summary>
/// What the Functions host's queue trigger does for the durable functions, reduced to its contract: receive a
/// message from each bound queue, POST it to <c>/{FunctionName}</c> in the host's double-encoded form with its
/// DequeueCount, delete it on 2xx, make it visible again after 1 s otherwise, and move it to <c>{queue}-poison</c>
/// after <see cref="MaxDequeueCount"/> failed deliveries (host.json).
/// </summary>
/// <remarks>With <c>activities: false</c> only the control queues are served, so a started run stays Running.</remarks>
/// <remarks>With <c>parallel: true</c> each received batch (up to 16) is delivered at once, as the host does.</remarks>
internal sealed class QueuePump(
    IQueueStore queues, Func<string, string, Task<HttpResponseMessage>> invoke, bool activities = true, bool parallel = false, int partitionCount = 4, string taskHub = "augment")
{
    private int _delivered;
    private int _failed;

    public const int MaxDequeueCount = 10;

    public int Delivered => _delivered;

    public int Failed => _failed;

    public System.Collections.Concurrent.ConcurrentBag<string> Poisoned { get; } = [];

    private IEnumerable<(string Queue, string Function)> Bindings =>
        Enumerable.Range(0, partitionCount)
            .Select(i => ($"{taskHub}-control-{i:00}", DurableControlFunction.NameOf(i)))
            .Concat(activities ? [($"{taskHub}-workitems", DurableWorkItemsFunction.FunctionName)] : []);

    /// <summary>Pumps until <paramref name="done"/> returns true (checked after every idle sweep) or the timeout passes.</summary>
    public async Task RunUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!cts.IsCancellationRequested)
        {
            var any = await SweepAsync();
            if (!any && await done())
            {
                return;
            }

            if (!any)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"The pump ran {timeout} without reaching its condition ({Delivered} delivered, {Failed} failed).");
    }

    /// <summary>One pass over every bound queue; true when anything was delivered.</summary>
    public async Task<bool> SweepAsync()
    {
        var any = false;
        foreach (var (queue, function) in Bindings)
        {
            var batch = await queues.ReceiveAsync(queue, 16, TimeSpan.FromSeconds(60));
            any |= batch.Count > 0;
            if (parallel)
            {
                await Task.WhenAll(batch.Select(m => DeliverAsync(queue, function, m)));
            }
            else
            {
                foreach (var message in batch)
                {
                    await DeliverAsync(queue, function, message);
                }
            }
        }

        return any;
    }

    private async Task DeliverAsync(string queue, string function, QueueMessage message)
    {
        Interlocked.Increment(ref _delivered);
        using var response = await invoke(function, HostPayloads.Queue("message", message.Text, message.DequeueCount, function));
        if (response.IsSuccessStatusCode)
        {
            await queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt);
            return;
        }

        Interlocked.Increment(ref _failed);
        if (message.DequeueCount >= MaxDequeueCount)
        {
            await queues.CreateQueueIfNotExistsAsync(queue + "-poison");
            await queues.SendAsync(queue + "-poison", message.Text);
            await queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt);
            Poisoned.Add(message.Text);
        }
        else
        {
            await queues.UpdateMessageAsync(queue, message.MessageId, message.PopReceipt, TimeSpan.FromSeconds(1));
        }
    }
}
