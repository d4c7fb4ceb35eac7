namespace Augment.Storage;

/// <summary>
/// The subset of the Azure Queue service that AugmentFunctions relies on: at-least-once messages with a
/// visibility timeout, a dequeue count and pop receipts. Message text travels base64-encoded on the wire (the
/// Functions host's default <c>messageEncoding</c>), so any UTF-8 text round-trips.
/// </summary>
public interface IQueueStore
{
    /// <summary>Creates the queue; does nothing if it exists.</summary>
    Task CreateQueueIfNotExistsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Deletes the queue; returns false when it did not exist.</summary>
    Task<bool> DeleteQueueAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Sends a message that becomes visible after <paramref name="initialVisibilityDelay"/> (0 = now, at most 7 days).</summary>
    Task<QueueMessageReceipt> SendAsync(string queue, string text, TimeSpan? initialVisibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <paramref name="maxMessages"/> (1–32) visible messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message.</summary>
    /// <exception cref="StorageConflictException">The pop receipt is stale (the message was received again or is gone).</exception>
    Task DeleteMessageAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken = default);

    /// <summary>Changes a received message's visibility (and optionally its text); returns the new pop receipt.</summary>
    /// <exception cref="StorageConflictException">The pop receipt is stale.</exception>
    Task<QueueMessageReceipt> UpdateMessageAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, string? newText = null, CancellationToken cancellationToken = default);

    /// <summary>The approximate number of messages in the queue, visible or not.</summary>
    Task<int> GetApproximateCountAsync(string queue, CancellationToken cancellationToken = default);
}

/// <summary>What the service returns for a sent or updated message.</summary>
public sealed record QueueMessageReceipt(string MessageId, string PopReceipt, DateTimeOffset NextVisibleTime);

/// <summary>A received message.</summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    string Text,
    long DequeueCount,
    DateTimeOffset InsertionTime,
    DateTimeOffset ExpirationTime,
    DateTimeOffset NextVisibleTime);
