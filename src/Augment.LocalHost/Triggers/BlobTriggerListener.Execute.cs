using System.Text.Json;
using Augment.Storage;

namespace Augment.LocalHost.Triggers;

public sealed partial class BlobTriggerListener
{
    private async Task ExecuteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        BlobTriggerMessage? trigger;
        try
        {
            trigger = JsonSerializer.Deserialize(message.Text, BlobTriggerJsonContext.Default.BlobTriggerMessage);
        }
        catch (JsonException)
        {
            trigger = null;
        }

        if (trigger is null || trigger.FunctionId != _options.FunctionId)
        {
            await PoisonAsync(message, "unreadable message", cancellationToken);
            return;
        }

        // Re-check the version: a changed blob has its own message; a deleted one has nothing left to process.
        var current = await _blobs.GetPropertiesAsync(trigger.ContainerName, trigger.BlobName, cancellationToken);
        if (current is null || current.ETag.Value != trigger.ETag)
        {
            LogDropped(_logger, _options.FunctionName, trigger.BlobName, current is null ? "deleted" : "changed");
            await _queues.DeleteMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, cancellationToken);
            return;
        }

        try
        {
            await _function(new BlobTriggerInvocation(trigger.ContainerName, trigger.BlobName, trigger.ETag, message.DequeueCount), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, _options.FunctionName, trigger.BlobName, message.DequeueCount, ex);
            if (message.DequeueCount >= _options.PoisonThreshold)
            {
                await PoisonAsync(message, ex.Message, cancellationToken);
            }
            else
            {
                // Retry soon rather than after the whole visibility timeout.
                var backoff = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, message.DequeueCount - 1)));
                await _queues.UpdateMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, backoff, cancellationToken: cancellationToken);
            }

            return;
        }

        await _queues.DeleteMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, cancellationToken);
    }

    private async Task PoisonAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        LogPoisoned(_logger, _options.FunctionName, message.MessageId, reason);
        await _queues.SendAsync(PoisonQueue, message.Text, cancellationToken: cancellationToken);
        await _queues.DeleteMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, cancellationToken);
    }
}
