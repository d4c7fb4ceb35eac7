using System.Collections.Concurrent;
using Augment.Storage;

namespace Augment.Durable;

public sealed partial class AzureStorageOrchestrationService
{
    private readonly ConcurrentQueue<QueueMessage> _prefetchedActivities = new();
    private readonly SemaphoreSlim _activityFetchGate = new(1, 1);

    /// <inheritdoc/>
    /// <remarks>Receives up to <c>min(32, MaxConcurrentActivities)</c> messages per round trip and hands them out one
    /// by one (the worker only asks when it has a free slot, so few wait); they are given back when the worker stops.</remarks>
    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken = default)
    {
        while (await NextActivityMessageAsync(cancellationToken) is { } message)
        {
            var parsed = await ParseMessageAsync(message.Text, cancellationToken);
            if (IsPoison(message, selfRedeliveries: 0))
            {
                await MovePoisonAsync(_layout.WorkItemQueue, message, parsed, cancellationToken);
                continue;
            }

            if (parsed?.Event is not TaskScheduledEvent)
            {
                LogUnreadableMessage(_logger, _layout.WorkItemQueue, message.MessageId);
                await IgnoreConflictAsync(() => _queues.DeleteMessageAsync(_layout.WorkItemQueue, message.MessageId, message.PopReceipt, cancellationToken));
                continue;
            }

            var receipt = new QueueReceipt(_layout.WorkItemQueue, message.MessageId, message.PopReceipt);
            return new ActivityWorkItem { Message = new ReceivedTaskMessage(parsed, message.DequeueCount) { Receipt = receipt }, LockState = receipt };
        }

        return null;
    }

    private async Task<QueueMessage?> NextActivityMessageAsync(CancellationToken cancellationToken)
    {
        if (_prefetchedActivities.TryDequeue(out var message))
        {
            return message;
        }

        await _activityFetchGate.WaitAsync(cancellationToken);
        try
        {
            if (_prefetchedActivities.IsEmpty)
            {
                var batch = Math.Min(32, _options.MaxConcurrentActivities);
                foreach (var received in await _queues.ReceiveAsync(_layout.WorkItemQueue, batch, _options.WorkItemVisibilityTimeout, cancellationToken))
                {
                    _prefetchedActivities.Enqueue(received);
                }
            }
        }
        finally
        {
            _activityFetchGate.Release();
        }

        return _prefetchedActivities.TryDequeue(out message) ? message : null;
    }

    /// <summary>Makes prefetched, not yet started activity messages visible again (worker stopping).</summary>
    private async Task GiveBackPrefetchedActivitiesAsync()
    {
        while (_prefetchedActivities.TryDequeue(out var message))
        {
            await GiveBackAsync(new QueueReceipt(_layout.WorkItemQueue, message.MessageId, message.PopReceipt));
        }
    }

    /// <inheritdoc/>
    public async Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var receipt = (QueueReceipt)workItem.LockState!;
        var updated = await _queues.UpdateMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, _options.WorkItemVisibilityTimeout, cancellationToken: cancellationToken);
        receipt.PopReceipt = updated.PopReceipt;
    }

    /// <inheritdoc/>
    public async Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(response);
        var receipt = (QueueReceipt)workItem.LockState!;
        await SendTaskMessageAsync(response, cancellationToken);
        await IgnoreConflictAsync(() => _queues.DeleteMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, cancellationToken));
    }

    /// <inheritdoc/>
    public async Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var receipt = (QueueReceipt)workItem.LockState!;
        await IgnoreConflictAsync(() => _queues.UpdateMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, TimeSpan.Zero, cancellationToken: cancellationToken));
    }
}
