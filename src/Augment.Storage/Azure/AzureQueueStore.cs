using System.Text;
using Azure;
using Azure.Storage.Queues;

namespace Augment.Storage;

/// <summary>
/// <see cref="IQueueStore"/> over the Azure SDK's <see cref="QueueServiceClient"/> (Azure or Azurite). Message text
/// is sent base64-encoded UTF-8 (the Functions host's default); received text that is not base64 is returned as is.
/// </summary>
internal sealed class AzureQueueStore(QueueServiceClient service) : IQueueStore
{
    /// <inheritdoc/>
    public async Task CreateQueueIfNotExistsAsync(string queue, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        try
        {
            // Create Queue answers 201 (created) or 204 (exists with the same metadata); the SDK accepts both.
            await service.GetQueueClient(queue).CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Create queue '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        try
        {
            await service.GetQueueClient(queue).DeleteAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Delete queue '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<QueueMessageReceipt> SendAsync(string queue, string text, TimeSpan? initialVisibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var delay = QueueArguments.Seconds(initialVisibilityDelay ?? TimeSpan.Zero, 0, nameof(initialVisibilityDelay));
        var ttl = QueueArguments.TimeToLiveSeconds(timeToLive);
        try
        {
            var receipt = (await service.GetQueueClient(queue)
                .SendMessageAsync(Encode(text), TimeSpan.FromSeconds(delay), TimeSpan.FromSeconds(ttl), cancellationToken)
                .ConfigureAwait(false)).Value;
            return new QueueMessageReceipt(receipt.MessageId, receipt.PopReceipt, receipt.TimeNextVisible);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Send to queue '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var timeout = QueueArguments.Seconds(visibilityTimeout, 1, nameof(visibilityTimeout));
        try
        {
            var messages = (await service.GetQueueClient(queue)
                .ReceiveMessagesAsync(maxMessages, TimeSpan.FromSeconds(timeout), cancellationToken)
                .ConfigureAwait(false)).Value;
            return messages
                .Select(m => new QueueMessage(
                    m.MessageId,
                    m.PopReceipt,
                    Decode(m.Body?.ToString() ?? ""),
                    m.DequeueCount,
                    Required(m.InsertedOn, "InsertionTime"),
                    Required(m.ExpiresOn, "ExpirationTime"),
                    Required(m.NextVisibleOn, "TimeNextVisible")))
                .ToList();
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Receive from queue '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task DeleteMessageAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(popReceipt);
        try
        {
            await service.GetQueueClient(queue).DeleteMessageAsync(messageId, popReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw StaleOrFailure(ex, $"Delete message '{messageId}' from '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<QueueMessageReceipt> UpdateMessageAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, string? newText = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(popReceipt);
        var timeout = QueueArguments.Seconds(visibilityTimeout, 0, nameof(visibilityTimeout));
        // Null text: the request has no body and the service keeps the message's text.
        var body = newText is null ? null : Encode(newText);
        try
        {
            var receipt = (await service.GetQueueClient(queue)
                .UpdateMessageAsync(messageId, popReceipt, body, TimeSpan.FromSeconds(timeout), cancellationToken)
                .ConfigureAwait(false)).Value;
            return new QueueMessageReceipt(messageId, receipt.PopReceipt, receipt.NextVisibleOn);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw StaleOrFailure(ex, $"Update message '{messageId}' in '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<int> GetApproximateCountAsync(string queue, CancellationToken cancellationToken = default)
    {
        try
        {
            var properties = (await service.GetQueueClient(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value;
            return properties.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Get metadata of queue '{queue}'");
        }
    }

    /// <summary>Base64 of the UTF-8 bytes, as the Functions host sends and expects by default.</summary>
    internal static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes base64 UTF-8 message text; text another producer sent unencoded comes back unchanged.</summary>
    internal static string Decode(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : text;
    }

    /// <summary>A message that is gone (404) or has a newer pop receipt (400 PopReceiptMismatch) lost a race: a conflict.</summary>
    private static StorageException StaleOrFailure(RequestFailedException ex, string operation) =>
        ex.Status == 404 || (ex.Status == 400 && ex.ErrorCode == "PopReceiptMismatch")
            ? AzureErrors.Conflict(ex, operation)
            : AzureErrors.Failure(ex, operation);

    private static DateTimeOffset Required(DateTimeOffset? value, string name) =>
        value ?? throw new StorageException($"A received queue message has no {name}.");
}
