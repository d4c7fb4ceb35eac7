using System.Text.Json.Nodes;
using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Augment.LocalHost.Timers;
using Augment.LocalHost.Triggers;
using Augment.Storage;

namespace Augment.LocalHost.Functions;

/// <summary>Builds the <c>Data</c>/<c>Metadata</c> the Functions host sends for each trigger type (CONTRACTS.md §1.3), in the host's double-encoded form.</summary>
public static class TriggerPayloads
{
    /// <summary>
    /// Blob trigger: <c>Data[name]</c> = the blob's content (UTF-8 text, double-encoded, or base64 with
    /// <c>"dataType":"binary"</c>); <c>Metadata</c> = <c>Uri</c>, <c>Properties</c>, <c>Metadata</c> and the path's tokens.
    /// Content larger than <paramref name="maxContentBytes"/> is not sent (<c>Data[name]</c> is null): the handler must
    /// use the blob reference in the metadata — a deliberate limit; the real host would buffer any size.
    /// </summary>
    public static async Task<InvocationRequest> ForBlobAsync(
        FunctionMetadata function, BlobPathPattern pattern, IBlobStore blobs, Uri blobEndpoint, BlobTriggerInvocation invocation, long maxContentBytes, CancellationToken cancellationToken = default)
    {
        var trigger = function.Trigger;
        var binary = string.Equals(trigger.Get("dataType"), "binary", StringComparison.OrdinalIgnoreCase)
            || string.Equals(trigger.Get("dataType"), "stream", StringComparison.OrdinalIgnoreCase);
        await using var download = await blobs.OpenReadAsync(invocation.Container, invocation.BlobName, new BlobReadOptions { IfMatch = new ETag(invocation.ETag) }, cancellationToken)
            ?? throw new FunctionInvocationException($"{invocation.Container}/{invocation.BlobName} was deleted before it ran");
        var info = download.Info;
        JsonNode? content = null;
        if (info.ContentLength <= maxContentBytes)
        {
            using var buffer = new MemoryStream();
            await download.Content.CopyToAsync(buffer, cancellationToken);
            content = binary ? WireValues.Bytes(buffer.ToArray()) : WireValues.Text(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }

        var blobUri = new Uri(blobEndpoint.ToString().TrimEnd('/') + "/" + invocation.Container + "/" + Uri.EscapeDataString(invocation.BlobName).Replace("%2F", "/", StringComparison.Ordinal));
        var userMetadata = new JsonObject();
        foreach (var (key, value) in info.Metadata)
        {
            userMetadata[key] = value;
        }

        var metadata = new JsonObject
        {
            ["Uri"] = WireValues.Text(blobUri.ToString()),
            ["Properties"] = new JsonObject
            {
                ["BlobType"] = "Block",
                ["ContentLength"] = info.ContentLength,
                ["ContentType"] = info.ContentType,
                ["ETag"] = info.ETag.Value,
                ["LastModified"] = WireValues.Iso(info.LastModified),
                ["CreatedOn"] = WireValues.Iso(info.LastModified),
            },
            ["Metadata"] = userMetadata,
        };
        foreach (var (token, value) in pattern.Match(invocation.BlobName) ?? new Dictionary<string, string>())
        {
            metadata[token] = WireValues.Text(value);
        }

        return new InvocationRequest(function.Name, Guid.NewGuid(), new JsonObject { [trigger.Name] = content }, metadata);
    }

    /// <summary>Timer trigger: <c>Data[name]</c> = <c>{"Schedule":{"AdjustForDST":true},"ScheduleStatus":…,"IsPastDue":…}</c>; metadata is only <c>sys</c>.</summary>
    public static InvocationRequest ForTimer(FunctionMetadata function, TimerInfo info)
    {
        JsonNode? status = info.ScheduleStatus is { } s
            ? new JsonObject { ["Last"] = WireValues.Iso(s.Last), ["Next"] = WireValues.Iso(s.Next), ["LastUpdated"] = WireValues.Iso(s.LastUpdated) }
            : null;
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = status,
            ["IsPastDue"] = info.IsPastDue,
        };
        return new InvocationRequest(function.Name, Guid.NewGuid(), new JsonObject { [function.Trigger.Name] = timer }, []);
    }

    /// <summary>
    /// Queue trigger: <c>Data[name]</c> = the message text, double-encoded; <c>Metadata</c> = <c>DequeueCount</c>,
    /// <c>ExpirationTime</c>, <c>Id</c>, <c>InsertionTime</c>, <c>NextVisibleTime</c>, <c>PopReceipt</c>.
    /// </summary>
    public static InvocationRequest ForQueue(FunctionMetadata function, QueueMessage message)
    {
        var metadata = new JsonObject
        {
            ["DequeueCount"] = WireValues.Number(message.DequeueCount),
            ["ExpirationTime"] = WireValues.Time(message.ExpirationTime),
            ["Id"] = WireValues.Text(message.MessageId),
            ["InsertionTime"] = WireValues.Time(message.InsertionTime),
            ["NextVisibleTime"] = WireValues.Time(message.NextVisibleTime),
            ["PopReceipt"] = WireValues.Text(message.PopReceipt),
        };
        return new InvocationRequest(function.Name, Guid.NewGuid(), new JsonObject { [function.Trigger.Name] = WireValues.Text(message.Text) }, metadata);
    }
}
