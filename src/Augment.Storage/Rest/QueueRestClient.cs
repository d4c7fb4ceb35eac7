using System.Globalization;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace Augment.Storage;

/// <summary>
/// <see cref="IQueueStore"/> over the Queue service REST API (Azure or Azurite) on an Azure.Core pipeline. Message
/// text is sent base64-encoded UTF-8 (the Functions host's default); received text that is not base64 is returned as is.
/// </summary>
public sealed class QueueRestClient : IQueueStore
{
    private readonly StoragePipeline _pipeline;

    /// <summary>Creates a client from a parsed connection string (Shared Key).</summary>
    public QueueRestClient(StorageConnectionString connectionString, StorageClientOptions? options = null)
        : this(StoragePipeline.WithSharedKey(
            (connectionString ?? throw new ArgumentNullException(nameof(connectionString))).QueueEndpoint,
            connectionString.AccountName, connectionString.AccountKey, options))
    {
    }

    /// <summary>Creates a client for <paramref name="endpoint"/> (e.g. <c>https://acct.queue.core.windows.net</c>) with an Entra ID credential (managed identity).</summary>
    public QueueRestClient(Uri endpoint, TokenCredential credential, StorageClientOptions? options = null)
        : this(StoragePipeline.WithToken(endpoint, credential, options))
    {
    }

    internal QueueRestClient(StoragePipeline pipeline) => _pipeline = pipeline;

    /// <inheritdoc/>
    public async Task CreateQueueIfNotExistsAsync(string queue, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        using var message = _pipeline.Create(RequestMethod.Put, "/" + queue);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (201 or 204))
        {
            throw StoragePipeline.Failure(response, $"Create queue '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.Create(RequestMethod.Delete, "/" + queue);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StoragePipeline.Failure(response, $"Delete queue '{queue}'"),
        };
    }

    /// <inheritdoc/>
    public async Task<QueueMessageReceipt> SendAsync(string queue, string text, TimeSpan? initialVisibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var delay = QueueArguments.Seconds(initialVisibilityDelay ?? TimeSpan.Zero, 0, nameof(initialVisibilityDelay));
        var ttl = QueueArguments.TimeToLiveSeconds(timeToLive);
        using var message = _pipeline.Create(
            RequestMethod.Post,
            $"/{queue}/messages",
            ("visibilitytimeout", delay.ToString(CultureInfo.InvariantCulture)),
            ("messagettl", ttl.ToString(CultureInfo.InvariantCulture)));
        SetBody(message.Request, text);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw StoragePipeline.Failure(response, $"Send to queue '{queue}'");
        }

        var sent = Messages(response).FirstOrDefault() ?? throw new StorageException("Put Message returned no message.");
        return new QueueMessageReceipt(Value(sent, "MessageId"), Value(sent, "PopReceipt"), Date(sent, "TimeNextVisible"));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var timeout = QueueArguments.Seconds(visibilityTimeout, 1, nameof(visibilityTimeout));
        using var message = _pipeline.Create(
            RequestMethod.Get,
            $"/{queue}/messages",
            ("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture)),
            ("visibilitytimeout", timeout.ToString(CultureInfo.InvariantCulture)));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StoragePipeline.Failure(response, $"Receive from queue '{queue}'");
        }

        return Messages(response)
            .Select(m => new QueueMessage(
                Value(m, "MessageId"),
                Value(m, "PopReceipt"),
                Decode(Value(m, "MessageText")),
                long.Parse(Value(m, "DequeueCount"), CultureInfo.InvariantCulture),
                Date(m, "InsertionTime"),
                Date(m, "ExpirationTime"),
                Date(m, "TimeNextVisible")))
            .ToList();
    }

    /// <inheritdoc/>
    public async Task DeleteMessageAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(popReceipt);
        using var message = _pipeline.Create(RequestMethod.Delete, MessagePath(queue, messageId), ("popreceipt", popReceipt));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw StaleOrFailure(response, $"Delete message '{messageId}' from '{queue}'");
        }
    }

    /// <inheritdoc/>
    public async Task<QueueMessageReceipt> UpdateMessageAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, string? newText = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(popReceipt);
        var timeout = QueueArguments.Seconds(visibilityTimeout, 0, nameof(visibilityTimeout));
        using var message = _pipeline.Create(
            RequestMethod.Put,
            MessagePath(queue, messageId),
            ("popreceipt", popReceipt),
            ("visibilitytimeout", timeout.ToString(CultureInfo.InvariantCulture)));
        if (newText is not null)
        {
            SetBody(message.Request, newText);
        }

        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204
            || !response.Headers.TryGetValue("x-ms-popreceipt", out var receipt)
            || !response.Headers.TryGetValue("x-ms-time-next-visible", out var nextVisible))
        {
            throw StaleOrFailure(response, $"Update message '{messageId}' in '{queue}'");
        }

        return new QueueMessageReceipt(messageId, receipt, StoragePipeline.ParseDate(nextVisible));
    }

    /// <inheritdoc/>
    public async Task<int> GetApproximateCountAsync(string queue, CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.Create(RequestMethod.Get, "/" + queue, ("comp", "metadata"));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 200
            && response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            && int.TryParse(count, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StoragePipeline.Failure(response, $"Get metadata of queue '{queue}'");
    }

    /// <summary>Decodes base64 UTF-8 message text; text another producer sent unencoded comes back unchanged.</summary>
    internal static string Decode(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : text;
    }

    private static string MessagePath(string queue, string messageId) => $"/{queue}/messages/{Uri.EscapeDataString(messageId)}";

    /// <summary>A message that is gone (404) or has a newer pop receipt (400 PopReceiptMismatch) lost a race: a conflict.</summary>
    private static StorageException StaleOrFailure(Response response, string operation) =>
        response.Status == 404 || (response.Status == 400 && StoragePipeline.ErrorCode(response) == "PopReceiptMismatch")
            ? StoragePipeline.Conflict(response, operation)
            : StoragePipeline.Failure(response, operation);

    private static void SetBody(Request request, string text)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var xml = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>{SecurityElement.Escape(encoded)}</MessageText></QueueMessage>";
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml));
    }

    private static IEnumerable<XElement> Messages(Response response) =>
        XDocument.Parse(response.Content.ToString()).Root?.Elements("QueueMessage") ?? [];

    private static string Value(XElement message, string name) =>
        message.Element(name)?.Value ?? throw new StorageException($"Queue message XML has no <{name}>.");

    private static DateTimeOffset Date(XElement message, string name) => StoragePipeline.ParseDate(Value(message, name));
}
