namespace Augment.Durable;

public sealed partial class AzureStorageOrchestrationService
{
    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken = default)
    {
        var messages = await _queues.ReceiveAsync(_layout.WorkItemQueue, 1, _options.WorkItemVisibilityTimeout, cancellationToken);
        foreach (var message in messages)
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
