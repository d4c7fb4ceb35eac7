using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Augment.Durable.Engine;
using Augment.Storage;

namespace Augment.Durable;

/// <summary>
/// Large payloads (after DTFx's <c>MessageManager</c>): a queue message or a history event whose JSON reaches
/// <see cref="DurableTaskOptions.LargePayloadThreshold"/> is gzip-compressed into <c>h-largemessages</c> and replaced by
/// <c>{"CompressedBlobName": …}</c> (in history: <c>{"EventType": …, "CompressedBlobName": …}</c>). Readers expand the
/// references, so the engine and users never see them. Blobs live until the instance is purged (prefix <c>{instanceId}/</c>).
/// </summary>
public sealed partial class AzureStorageOrchestrationService
{
    private const string CompressedBlobProperty = "CompressedBlobName";
    private const string ReferencePrefix = "{\"" + CompressedBlobProperty + "\":";

    /// <summary>History events read from (or written to) a compressed blob, with that blob's name: not uploaded again.</summary>
    private static readonly ConditionalWeakTable<HistoryEvent, string> Offloaded = new();

    /// <summary>The prefix of every large-payload blob of <paramref name="instanceId"/> in <see cref="LargeMessagesContainerName"/>.</summary>
    public static string LargePayloadPrefix(string instanceId) => instanceId + "/";

    /// <summary>The container of large (gzip) payloads.</summary>
    public string LargeMessagesContainerName => _layout.LargeMessagesContainer;

    private async Task SendAsync(string queue, TaskMessage message, CancellationToken cancellationToken, TimeSpan? initialVisibilityDelay = null, TimeSpan? timeToLive = null)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, DurableJsonContext.Default.TaskMessage);
        var text = json.Length < _options.LargePayloadThreshold
            ? Encoding.UTF8.GetString(json)
            : await OffloadAsync($"{message.InstanceId}/message-{Guid.NewGuid():N}-{message.Event.EventType}.json.gz", json, cancellationToken);
        await _queues.SendAsync(queue, text, initialVisibilityDelay, timeToLive, cancellationToken);
    }

    /// <summary>Parses a queue message, expanding a large-payload reference; null when unreadable or its blob is gone.</summary>
    private async Task<TaskMessage?> ParseMessageAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            if (!text.StartsWith(ReferencePrefix, StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize(text, DurableJsonContext.Default.TaskMessage);
            }

            using var reference = JsonDocument.Parse(text);
            var name = reference.RootElement.GetProperty(CompressedBlobProperty).GetString();
            return name is null ? null : await DownloadAsync(name, DurableJsonContext.Default.TaskMessage, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<(List<HistoryEvent>? History, ETag? ETag)> ReadHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var download = await _blobs.OpenReadAsync(_layout.HistoryContainer, instanceId, cancellationToken: cancellationToken);
        if (download is null)
        {
            return (null, null);
        }

        using var document = await JsonDocument.ParseAsync(download.Content, cancellationToken: cancellationToken);
        var history = new List<HistoryEvent>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.TryGetProperty(CompressedBlobProperty, out var blobName) && blobName.GetString() is { } name)
            {
                var e = await DownloadAsync(name, DurableJsonContext.Default.HistoryEvent, cancellationToken)
                    ?? throw new InvalidDataException($"History of '{instanceId}' references the missing payload blob '{name}'.");
                Offloaded.AddOrUpdate(e, name);
                history.Add(e);
            }
            else
            {
                history.Add(element.Deserialize(DurableJsonContext.Default.HistoryEvent)!);
            }
        }

        return (history, download.Info.ETag);
    }

    /// <summary>Writes the whole history under <paramref name="ifMatch"/> (create-only when null); events at or over the
    /// threshold go to compressed blobs first (once: events already offloaded keep their blob).</summary>
    private async Task<ETag> WriteHistoryAsync(string instanceId, IReadOnlyList<HistoryEvent> history, ETag? ifMatch, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < history.Count; i++)
            {
                var e = history[i];
                if (!Offloaded.TryGetValue(e, out var name))
                {
                    var json = JsonSerializer.SerializeToUtf8Bytes(e, DurableJsonContext.Default.HistoryEvent);
                    if (json.Length < _options.LargePayloadThreshold)
                    {
                        writer.WriteRawValue(json, skipInputValidation: true);
                        continue;
                    }

                    name = $"{instanceId}/history-{i:D6}-{e.EventType}-{Guid.NewGuid().ToString("N")[..8]}.json.gz";
                    await UploadCompressedAsync(name, json, cancellationToken);
                    Offloaded.AddOrUpdate(e, name);
                }

                writer.WriteStartObject();
                writer.WriteString("EventType", e.EventType.ToString());
                writer.WriteString(CompressedBlobProperty, name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        buffer.Position = 0;
        var options = new BlobWriteOptions { IfMatch = ifMatch, IfNoneMatchAny = ifMatch is null, ContentType = "application/json" };
        return (await _blobs.UploadAsync(_layout.HistoryContainer, instanceId, buffer, options, cancellationToken)).ETag;
    }

    /// <summary>Runs <paramref name="action"/> over <paramref name="items"/>, at most 16 at a time (storage round trips overlap).</summary>
    private static Task ForEachConcurrentAsync<T>(IReadOnlyList<T> items, Func<T, Task> action, CancellationToken cancellationToken) =>
        items.Count switch
        {
            0 => Task.CompletedTask,
            1 => action(items[0]),
            _ => Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, _) => await action(item)),
        };

    /// <summary>Deletes every large-payload blob of <paramref name="instanceId"/> (purge).</summary>
    private async Task DeleteLargePayloadsAsync(string instanceId, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await _blobs.ListPageAsync(_layout.LargeMessagesContainer, LargePayloadPrefix(instanceId), token, cancellationToken: cancellationToken);
            foreach (var blob in page.Items)
            {
                await _blobs.DeleteAsync(_layout.LargeMessagesContainer, blob.Name, cancellationToken: cancellationToken);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private async Task<string> OffloadAsync(string name, byte[] json, CancellationToken cancellationToken)
    {
        await UploadCompressedAsync(name, json, cancellationToken);
        return ReferencePrefix + JsonSerializer.Serialize(name, DurableJsonContext.Default.String) + "}";
    }

    private async Task UploadCompressedAsync(string name, byte[] json, CancellationToken cancellationToken)
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(json, cancellationToken);
        }

        compressed.Position = 0;
        await _blobs.UploadAsync(_layout.LargeMessagesContainer, name, compressed, new BlobWriteOptions { ContentType = "application/gzip" }, cancellationToken);
    }

    private async Task<T?> DownloadAsync<T>(string name, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        await using var download = await _blobs.OpenReadAsync(_layout.LargeMessagesContainer, name, cancellationToken: cancellationToken);
        if (download is null)
        {
            return null;
        }

        await using var gzip = new GZipStream(download.Content, CompressionMode.Decompress);
        return await JsonSerializer.DeserializeAsync(gzip, typeInfo, cancellationToken);
    }
}
