using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augment.Functions.Tests.Support;

/// <summary>
/// Builds invocation payloads exactly as the Functions host sends them (CONTRACTS §1.3): strings, numbers and GUIDs
/// double-encoded (a JSON string holding the value's JSON literal), objects nested, the trigger key left out of
/// Metadata, and <c>sys</c>. <c>plain: true</c> gives the documentation samples' un-double-encoded form instead.
/// </summary>
internal static class HostPayloads
{
    public static string Queue(string bindingName, string messageText, long dequeueCount, string functionName, bool plain = false)
    {
        var id = Guid.NewGuid().ToString();
        var metadata = new JsonObject
        {
            ["DequeueCount"] = plain ? dequeueCount : Encode(dequeueCount),
            ["ExpirationTime"] = "2026-11-28T22:00:00+00:00",
            ["Id"] = plain ? id : Encode(id),
            ["InsertionTime"] = "2026-11-21T22:00:00+00:00",
            ["NextVisibleTime"] = "2026-11-21T22:10:00+00:00",
            ["PopReceipt"] = plain ? "AgAAAAMAAAAAAAAA" : Encode("AgAAAAMAAAAAAAAA"),
            ["sys"] = Sys(functionName, DateTimeOffset.Parse("2026-11-21T22:00:01Z", System.Globalization.CultureInfo.InvariantCulture)),
        };
        return Envelope(new JsonObject { [bindingName] = plain ? messageText : Encode(messageText) }, metadata);
    }

    public static string Blob(string container, string blobName, string etag, bool plain = false, bool includeName = true)
    {
        var uri = $"http://127.0.0.1:10000/devstoreaccount1/{container}/{blobName}";
        var metadata = new JsonObject
        {
            ["Uri"] = plain ? uri : Encode(uri),
            ["Properties"] = new JsonObject
            {
                ["LastModified"] = "2026-11-21T22:00:00+00:00",
                ["CreatedOn"] = "2026-11-21T22:00:00+00:00",
                ["ContentLength"] = 1234,
                ["ContentType"] = "text/csv",
                ["ETag"] = etag,
            },
            ["Metadata"] = new JsonObject(),
            ["sys"] = Sys("DatasetUploaded", DateTimeOffset.Parse("2026-11-21T22:00:01Z", System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (includeName)
        {
            metadata["name"] = plain ? blobName : Encode(blobName);
        }

        // The local host sends the reference only; a real host would put the content here (ignored by the handler).
        return Envelope(new JsonObject { ["blob"] = null }, metadata);
    }

    public static string Timer(DateTimeOffset? next, DateTimeOffset utcNow, bool isPastDue = false, bool plain = true)
    {
        JsonNode? status = next is { } n
            ? new JsonObject { ["Last"] = "0001-01-01T00:00:00", ["Next"] = n.ToString("o"), ["LastUpdated"] = utcNow.ToString("o") }
            : null;
        var timer = new JsonObject { ["Schedule"] = new JsonObject { ["AdjustForDST"] = true }, ["ScheduleStatus"] = status, ["IsPastDue"] = isPastDue };
        JsonNode data = plain ? timer : JsonValue.Create(timer.ToJsonString())!;
        return Envelope(new JsonObject { ["timer"] = data }, new JsonObject { ["sys"] = Sys("NightlyAugmentation", utcNow) });
    }

    /// <summary>The host's encoding of a scalar: <c>JsonConvert.SerializeObject(v)</c> inside a JSON string.</summary>
    public static JsonNode Encode<T>(T value) => JsonValue.Create(JsonSerializer.Serialize(value))!;

    private static JsonObject Sys(string method, DateTimeOffset utcNow) => new()
    {
        ["MethodName"] = method,
        ["UtcNow"] = utcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    private static string Envelope(JsonObject data, JsonObject metadata) =>
        new JsonObject { ["Data"] = data, ["Metadata"] = metadata }.ToJsonString();
}
