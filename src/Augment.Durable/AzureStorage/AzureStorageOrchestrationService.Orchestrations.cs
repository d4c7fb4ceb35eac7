using System.Text.Json;
using Augment.Durable.Engine;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable;

public sealed partial class AzureStorageOrchestrationService
{
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private readonly Lock _bufferGate = new();
    private readonly Dictionary<string, Dictionary<string, ReceivedTaskMessage>> _buffer = new(StringComparer.Ordinal);
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private int _nextPartition;

    /// <inheritdoc/>
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken = default)
    {
        await _fetchGate.WaitAsync(cancellationToken);
        (string InstanceId, List<ReceivedTaskMessage> Messages)? picked;
        try
        {
            picked = TakeBuffered();
            if (picked is null)
            {
                await ReceiveControlMessagesAsync(cancellationToken);
                picked = TakeBuffered();
            }
        }
        finally
        {
            _fetchGate.Release();
        }

        if (picked is not { } p)
        {
            return null;
        }

        try
        {
            var (state, stateETag) = await ReadJsonAsync(_layout.InstancesContainer, p.InstanceId, DurableJsonContext.Default.InstanceState, cancellationToken);
            var (history, historyETag) = await ReadJsonAsync(_layout.HistoryContainer, p.InstanceId, DurableJsonContext.Default.ListHistoryEvent, cancellationToken);
            return new OrchestrationWorkItem
            {
                InstanceId = p.InstanceId,
                NewMessages = p.Messages,
                PastEvents = history ?? [],
                State = state,
                LockState = new AzureLock(historyETag, stateETag),
            };
        }
        catch
        {
            Release(p.InstanceId);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(commit);
        var azureLock = (AzureLock)workItem.LockState!;
        try
        {
            // 1. Outbound messages first: a crash after this point replays the episode and sends them again.
            foreach (var message in commit.ActivityMessages)
            {
                await SendAsync(_layout.WorkItemQueue, message, cancellationToken);
            }

            foreach (var message in commit.OrchestratorMessages)
            {
                await SendTaskMessageAsync(message, cancellationToken);
            }

            // 2. History under its ETag: the commit point. A stale worker fails here with no further effect.
            ETag? committed = null;
            if (commit.NewEvents.Count > 0)
            {
                List<HistoryEvent> history = commit.ReplacesHistory ? [.. commit.NewEvents] : [.. workItem.PastEvents, .. commit.NewEvents];
                committed = (await WriteJsonAsync(_layout.HistoryContainer, workItem.InstanceId, history, DurableJsonContext.Default.ListHistoryEvent, azureLock.HistoryETag, cancellationToken)).ETag;
            }

            // 3. State, a projection of history: if it is lost, the next episode repairs it.
            if (commit.State is not null)
            {
                try
                {
                    await WriteStateAsync(commit.State, azureLock.StateETag, cancellationToken);
                }
                catch (StorageConflictException) when (committed is { } ours)
                {
                    await RewriteStateAfterConflictAsync(commit.State, ours, cancellationToken);
                }
                catch (StorageConflictException)
                {
                    LogStateConflict(_logger, workItem.InstanceId);
                }
            }

            // 4. Consumed messages go; early ones come back later (timers not yet due hop: re-enqueued as new messages).
            var deferred = commit.DeferredMessages.Select(m => m.Receipt).ToHashSet();
            var now = _time.GetUtcNow();
            foreach (var received in workItem.NewMessages)
            {
                var receipt = (QueueReceipt)received.Receipt!;
                if (deferred.Contains(receipt) && TimerMessages.IsEarlyTimer(received.Message, now))
                {
                    await SendControlAsync(received.Message, cancellationToken);
                    await IgnoreConflictAsync(() => _queues.DeleteMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, cancellationToken));
                    continue;
                }

                await IgnoreConflictAsync(() => deferred.Contains(receipt)
                    ? _queues.UpdateMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, _options.DeferredMessageDelay, cancellationToken: cancellationToken)
                    : _queues.DeleteMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, cancellationToken));
            }
        }
        finally
        {
            Release(workItem.InstanceId);
        }
    }

    /// <inheritdoc/>
    public async Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        try
        {
            foreach (var received in workItem.NewMessages)
            {
                var receipt = (QueueReceipt)received.Receipt!;
                await IgnoreConflictAsync(() => _queues.UpdateMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, TimeSpan.Zero, cancellationToken: cancellationToken));
            }
        }
        finally
        {
            Release(workItem.InstanceId);
        }
    }

    private async Task ReceiveControlMessagesAsync(CancellationToken cancellationToken)
    {
        var queues = _layout.ControlQueues;
        for (var i = 0; i < queues.Count; i++)
        {
            var queue = queues[(_nextPartition + i) % queues.Count];
            var messages = await _queues.ReceiveAsync(queue, _options.ControlQueueBatchSize, _options.ControlQueueVisibilityTimeout, cancellationToken);
            foreach (var message in messages)
            {
                var parsed = TryParse(message.Text);
                if (parsed is null)
                {
                    LogUnreadableMessage(_logger, queue, message.MessageId);
                    await IgnoreConflictAsync(() => _queues.DeleteMessageAsync(queue, message.MessageId, message.PopReceipt, cancellationToken));
                    continue;
                }

                var received = new ReceivedTaskMessage(parsed, message.DequeueCount) { Receipt = new QueueReceipt(queue, message.MessageId, message.PopReceipt) };
                lock (_bufferGate)
                {
                    if (!_buffer.TryGetValue(parsed.InstanceId, out var pending))
                    {
                        _buffer[parsed.InstanceId] = pending = new Dictionary<string, ReceivedTaskMessage>(StringComparer.Ordinal);
                    }

                    // A redelivery of a message we still hold replaces it (its old pop receipt is dead).
                    pending[message.MessageId] = received;
                }
            }
        }

        _nextPartition = (_nextPartition + 1) % queues.Count;
    }

    private (string InstanceId, List<ReceivedTaskMessage> Messages)? TakeBuffered()
    {
        lock (_bufferGate)
        {
            foreach (var (instanceId, messages) in _buffer)
            {
                if (messages.Count > 0 && _active.Add(instanceId))
                {
                    _buffer.Remove(instanceId);
                    return (instanceId, messages.Values.ToList());
                }
            }

            return null;
        }
    }

    private void Release(string instanceId)
    {
        lock (_bufferGate)
        {
            _active.Remove(instanceId);
        }
    }

    private static TaskMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, DurableJsonContext.Default.TaskMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task IgnoreConflictAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (StorageConflictException)
        {
            // The message was redelivered elsewhere or is gone: nothing left to do with this receipt.
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Instance {InstanceId}: state blob changed under a committed episode; the next episode repairs it.")]
    private static partial void LogStateConflict(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Queue {Queue}: message {MessageId} is not a task message; deleted.")]
    private static partial void LogUnreadableMessage(ILogger logger, string queue, string messageId);

    private sealed record AzureLock(ETag? HistoryETag, ETag? StateETag);

    private sealed class QueueReceipt(string queue, string messageId, string popReceipt)
    {
        public string Queue { get; } = queue;

        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }
}
