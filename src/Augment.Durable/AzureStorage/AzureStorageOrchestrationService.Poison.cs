using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>
/// Poison messages: a control or work-item message delivered more than <see cref="DurableTaskOptions.MaxDequeueCount"/>
/// times is copied unchanged to <c>h-poison</c>, its instance (same execution, not yet terminal) is marked Failed with
/// a <see cref="PoisonMessageErrorType"/> failure naming the message, and the original is deleted. Nothing retries
/// forever silently.
/// </summary>
public sealed partial class AzureStorageOrchestrationService
{
    /// <summary>The <see cref="FailureDetails.ErrorType"/> of an instance failed by a poison message.</summary>
    public const string PoisonMessageErrorType = "PoisonMessage";

    /// <summary>The poison queue's name.</summary>
    public string PoisonQueueName => _layout.PoisonQueue;

    /// <summary>Control messages this process holds (buffered or in an episode) → how often storage redelivered them
    /// meanwhile: those redeliveries are our own slowness (the visibility timeout lapsed), not failed attempts.</summary>
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    private bool IsPoison(QueueMessage message, int selfRedeliveries) => message.DequeueCount - selfRedeliveries > _options.MaxDequeueCount;

    /// <summary>Records that a control message was received; returns how many of its deliveries were redeliveries
    /// while this process still held it.</summary>
    private int NoteHeld(string messageId)
    {
        lock (_held)
        {
            var count = _held.TryGetValue(messageId, out var seen) ? seen + 1 : 0;
            _held[messageId] = count;
            return count;
        }
    }

    private void ForgetHeld(string messageId)
    {
        lock (_held)
        {
            _held.Remove(messageId);
        }
    }

    private void ForgetHeld(IEnumerable<ReceivedTaskMessage> messages)
    {
        foreach (var received in messages)
        {
            if (received.Receipt is QueueReceipt receipt)
            {
                ForgetHeld(receipt.MessageId);
            }
        }
    }

    private async Task MovePoisonAsync(string queue, QueueMessage message, TaskMessage? parsed, CancellationToken cancellationToken)
    {
        var eventType = parsed?.Event.EventType.ToString() ?? "unreadable";
        var reason = $"Message {message.MessageId} ({eventType}) on queue '{queue}' was dequeued {message.DequeueCount} times "
            + $"(limit {_options.MaxDequeueCount}); moved to '{_layout.PoisonQueue}'.";
        LogPoison(_logger, parsed?.InstanceId ?? "?", reason);
        await _queues.SendAsync(_layout.PoisonQueue, message.Text, cancellationToken: cancellationToken);
        if (parsed is not null)
        {
            try
            {
                await FailInstanceAsync(parsed.InstanceId, parsed.ExecutionId, new FailureDetails(PoisonMessageErrorType, reason, IsNonRetriable: true), cancellationToken);
            }
            catch (StorageException ex) when (ex is not StorageConflictException)
            {
                // The message is parked either way: a poison message must not come back because storage is failing too.
                LogPoisonNotMarked(_logger, parsed.InstanceId, ex.Message);
            }
        }

        await IgnoreConflictAsync(() => _queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt, cancellationToken));
    }

    /// <summary>Appends <c>ExecutionFailed</c> to the history and marks the state Failed, both under ETags (retried when
    /// an episode commits in between); does nothing when the instance is gone, terminal or on another execution.</summary>
    private async Task FailInstanceAsync(string instanceId, string executionId, FailureDetails failure, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (state, stateETag) = await ReadJsonAsync(_layout.InstancesContainer, instanceId, Engine.DurableJsonContext.Default.InstanceState, cancellationToken);
            if (state is null || state.RuntimeStatus.IsTerminal() || state.ExecutionId != executionId)
            {
                return;
            }

            var (history, historyETag) = await ReadHistoryAsync(instanceId, cancellationToken);
            if (Engine.OrchestrationRuntimeState.FromHistory(history ?? []).IsTerminal)
            {
                return;
            }

            var now = _time.GetUtcNow();
            try
            {
                await WriteHistoryAsync(instanceId, [.. history ?? [], new ExecutionFailedEvent { Timestamp = now, FailureDetails = failure }], historyETag, cancellationToken);
            }
            catch (StorageConflictException)
            {
                continue; // An episode committed in between: read again and retry.
            }

            var failed = state with { RuntimeStatus = OrchestrationRuntimeStatus.Failed, FailureDetails = failure, LastUpdatedAt = now, CompletedAt = now };
            try
            {
                await WriteStateAsync(failed, stateETag, cancellationToken);
            }
            catch (StorageConflictException)
            {
                // History is committed; bring the state in line with it whatever changed it.
                var (_, latest) = await ReadJsonAsync(_layout.InstancesContainer, instanceId, Engine.DurableJsonContext.Default.InstanceState, cancellationToken);
                await IgnoreConflictAsync(() => WriteStateAsync(failed, latest, cancellationToken));
            }

            return;
        }
    }

    [LoggerMessage(EventId = 331, Level = LogLevel.Error, Message = "Instance {InstanceId}: could not be marked Failed after a poison message: {Reason}")]
    private static partial void LogPoisonNotMarked(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 330, Level = LogLevel.Error, Message = "Instance {InstanceId}: poison message. {Reason}")]
    private static partial void LogPoison(ILogger logger, string instanceId, string reason);
}
