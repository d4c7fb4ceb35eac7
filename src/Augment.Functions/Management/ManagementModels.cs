using System.Text.Json.Serialization;

namespace Augment.Functions.Management;

/// <summary>
/// The 202 body of a start or restart (Durable Functions' check-status payload, field names unchanged). The URLs
/// point at <c>/api/augmentations</c>; <c>{eventName}</c> and <c>{text}</c> are placeholders for the caller to fill.
/// </summary>
public sealed record CheckStatusPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("sendEventPostUri")] string SendEventPostUri,
    [property: JsonPropertyName("terminatePostUri")] string TerminatePostUri,
    [property: JsonPropertyName("purgeHistoryDeleteUri")] string PurgeHistoryDeleteUri,
    [property: JsonPropertyName("restartPostUri")] string RestartPostUri,
    [property: JsonPropertyName("suspendPostUri")] string SuspendPostUri,
    [property: JsonPropertyName("resumePostUri")] string ResumePostUri);

/// <summary>The body of <c>POST /api/augmentations</c>: which uploaded CSV to augment.</summary>
/// <param name="BlobName">The CSV's blob name, <c>{dataset}/{file}.csv</c>.</param>
/// <param name="Container">Its container; default <c>datasets</c>.</param>
public sealed record StartRequest(
    [property: JsonPropertyName("blobName")] string? BlobName,
    [property: JsonPropertyName("container")] string? Container = null);

/// <summary>An error: one line.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] string Error);

/// <summary>The body of a purge (Durable Functions' <c>PurgeHistoryResult</c>).</summary>
public sealed record PurgeHistoryResult([property: JsonPropertyName("instancesDeleted")] int InstancesDeleted);
