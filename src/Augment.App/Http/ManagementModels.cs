using System.Text.Json.Serialization;

namespace Augment.App.Http;

/// <summary>The check-status body a started run answers with (the Durable Functions HTTP API's shape).</summary>
public sealed record CheckStatusPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("sendEventPostUri")] string SendEventPostUri,
    [property: JsonPropertyName("terminatePostUri")] string TerminatePostUri,
    [property: JsonPropertyName("purgeHistoryDeleteUri")] string PurgeHistoryDeleteUri,
    [property: JsonPropertyName("restartPostUri")] string RestartPostUri,
    [property: JsonPropertyName("suspendPostUri")] string SuspendPostUri,
    [property: JsonPropertyName("resumePostUri")] string ResumePostUri);

/// <summary><c>POST /api/augmentations</c> body.</summary>
public sealed record StartRequest(
    [property: JsonPropertyName("blobName")] string? BlobName,
    [property: JsonPropertyName("container")] string? Container = null);

/// <summary>Every error body: one line.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] string Error);

/// <summary>A purge's answer.</summary>
public sealed record PurgeHistoryResult([property: JsonPropertyName("instancesDeleted")] int InstancesDeleted);

[JsonSerializable(typeof(CheckStatusPayload))]
[JsonSerializable(typeof(StartRequest))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(PurgeHistoryResult))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
