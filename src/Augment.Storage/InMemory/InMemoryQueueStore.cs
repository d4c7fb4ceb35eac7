using System.Net;

namespace Augment.Storage;

/// <summary>
/// A thread-safe in-memory <see cref="IQueueStore"/> with the Queue service's semantics: messages stay invisible
/// until their delay or visibility timeout passes on the injected <see cref="TimeProvider"/>, every receive
/// increments the dequeue count and issues a new pop receipt, and a stale pop receipt is a
/// <see cref="StorageConflictException"/>. Messages are delivered in insertion order among the visible ones.
/// </summary>
public sealed class InMemoryQueueStore : IQueueStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Message>> _queues = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store on the given clock (the system clock when null).</summary>
    public InMemoryQueueStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public Task CreateQueueIfNotExistsAsync(string queue, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        lock (_gate)
        {
            _queues.TryAdd(queue, []);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> DeleteQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_queues.Remove(queue));
        }
    }

    /// <inheritdoc/>
    public Task<QueueMessageReceipt> SendAsync(string queue, string text, TimeSpan? initialVisibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var delay = QueueArguments.Seconds(initialVisibilityDelay ?? TimeSpan.Zero, 0, nameof(initialVisibilityDelay));
        var ttl = QueueArguments.TimeToLiveSeconds(timeToLive);
        lock (_gate)
        {
            var messages = Queue(queue);
            var now = Now();
            var expires = ttl < 0 ? DateTimeOffset.MaxValue : now.AddSeconds(ttl);
            var message = new Message(Guid.NewGuid().ToString(), text, now, expires)
            {
                NextVisible = now.AddSeconds(delay),
                PopReceipt = NewPopReceipt(),
            };
            messages.Add(message);
            return Task.FromResult(new QueueMessageReceipt(message.Id, message.PopReceipt, message.NextVisible));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var timeout = QueueArguments.Seconds(visibilityTimeout, 1, nameof(visibilityTimeout));
        lock (_gate)
        {
            var messages = Queue(queue);
            var now = Now();
            messages.RemoveAll(m => m.Expires <= now);
            var received = new List<QueueMessage>();
            foreach (var message in messages)
            {
                if (received.Count == maxMessages)
                {
                    break;
                }

                if (message.NextVisible > now)
                {
                    continue;
                }

                message.DequeueCount++;
                message.PopReceipt = NewPopReceipt();
                message.NextVisible = now.AddSeconds(timeout);
                received.Add(new QueueMessage(message.Id, message.PopReceipt, message.Text, message.DequeueCount, message.Inserted, message.Expires, message.NextVisible));
            }

            return Task.FromResult<IReadOnlyList<QueueMessage>>(received);
        }
    }

    /// <inheritdoc/>
    public Task DeleteMessageAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var messages = Queue(queue);
            var message = Find(messages, messageId, popReceipt);
            messages.Remove(message);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public Task<QueueMessageReceipt> UpdateMessageAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, string? newText = null, CancellationToken cancellationToken = default)
    {
        var timeout = QueueArguments.Seconds(visibilityTimeout, 0, nameof(visibilityTimeout));
        lock (_gate)
        {
            var message = Find(Queue(queue), messageId, popReceipt);
            message.PopReceipt = NewPopReceipt();
            message.NextVisible = Now().AddSeconds(timeout);
            if (newText is not null)
            {
                message.Text = newText;
            }

            return Task.FromResult(new QueueMessageReceipt(message.Id, message.PopReceipt, message.NextVisible));
        }
    }

    /// <inheritdoc/>
    public Task<int> GetApproximateCountAsync(string queue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var messages = Queue(queue);
            var now = Now();
            messages.RemoveAll(m => m.Expires <= now);
            return Task.FromResult(messages.Count);
        }
    }

    private List<Message> Queue(string queue) =>
        _queues.TryGetValue(queue, out var messages) ? messages : throw StorageErrors.QueueNotFound(queue);

    private Message Find(List<Message> messages, string messageId, string popReceipt)
    {
        var now = Now();
        var message = messages.Find(m => m.Id == messageId && m.Expires > now)
            ?? throw new StorageConflictException(HttpStatusCode.NotFound, "MessageNotFound", $"Message '{messageId}' does not exist.");
        if (message.PopReceipt != popReceipt)
        {
            throw new StorageConflictException(HttpStatusCode.BadRequest, "PopReceiptMismatch", $"The pop receipt for message '{messageId}' is stale.");
        }

        return message;
    }

    private DateTimeOffset Now()
    {
        // Times on the wire have one-second resolution; keep the same here so both backends agree.
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static string NewPopReceipt() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    private sealed class Message(string id, string text, DateTimeOffset inserted, DateTimeOffset expires)
    {
        public string Id { get; } = id;

        public string Text { get; set; } = text;

        public DateTimeOffset Inserted { get; } = inserted;

        public DateTimeOffset Expires { get; } = expires;

        public DateTimeOffset NextVisible { get; set; }

        public string PopReceipt { get; set; } = "";

        public long DequeueCount { get; set; }
    }
}
