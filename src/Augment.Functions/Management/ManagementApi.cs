using System.Text;
using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Invocation;
using Augment.Pipeline;

namespace Augment.Functions.Management;

/// <summary>
/// The management API under <c>/api/augmentations</c> (Durable Functions' HTTP API, relocated: routes may not
/// start with <c>runtime</c> or <c>admin</c>). Codes as in CONTRACTS §4: start 202 + <c>Location</c> + check-status
/// body; status 202 while running, 200 when done (500 for Failed with <c>returnInternalServerErrorOnFailure</c>),
/// 404 unknown; actions 202 / 404 / 410 when the instance already ended; purge 200 / 404; bad input 400.
/// Every body is JSON; errors are <c>{"error": "one line"}</c>. A purge or a same-id restart of a run that is
/// still active answers 409.
/// </summary>
internal static partial class ManagementApi
{
    /// <summary>Maps every management route.</summary>
    public static IEndpointRouteBuilder MapAugmentationsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(ManagementUrls.Collection).AddEndpointFilter(ErrorFilterAsync).WithTags("augmentations");
        group.MapPost("", StartAsync).WithName("StartAugmentation");
        group.MapGet("", ListAsync).WithName("ListAugmentations");
        group.MapDelete("", PurgeManyAsync).WithName("PurgeAugmentations");
        group.MapGet("/{instanceId}", StatusAsync).WithName("GetAugmentationStatus");
        group.MapDelete("/{instanceId}", PurgeOneAsync).WithName("PurgeAugmentation");
        group.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync).WithName("RaiseAugmentationEvent");
        group.MapPost("/{instanceId}/approve", (string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
            SendEventAsync(instanceId, "Approve", request, client, requireJsonContentType: false, ct)).WithName("ApproveAugmentation");
        group.MapPost("/{instanceId}/reject", (string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken ct) =>
            SendEventAsync(instanceId, "Reject", request, client, requireJsonContentType: false, ct)).WithName("RejectAugmentation");
        group.MapPost("/{instanceId}/terminate", async (string instanceId, string? reason, DurableTaskClient client, CancellationToken ct) =>
        {
            await client.TerminateInstanceAsync(instanceId, reason, ct);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }).WithName("TerminateAugmentation");
        group.MapPost("/{instanceId}/suspend", async (string instanceId, string? reason, DurableTaskClient client, CancellationToken ct) =>
        {
            await client.SuspendInstanceAsync(instanceId, reason, ct);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }).WithName("SuspendAugmentation");
        group.MapPost("/{instanceId}/resume", async (string instanceId, string? reason, DurableTaskClient client, CancellationToken ct) =>
        {
            await client.ResumeInstanceAsync(instanceId, reason, ct);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }).WithName("ResumeAugmentation");
        group.MapPost("/{instanceId}/restart", RestartAsync).WithName("RestartAugmentation");
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, RunStarter starter, ManagementUrls urls, CancellationToken cancellationToken)
    {
        StartRequest? body;
        try
        {
            body = JsonSerializer.Deserialize(await ReadBodyAsync(request, cancellationToken), InvocationJsonContext.Default.StartRequest);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "Invalid JSON content: expected {\"blobName\": \"{dataset}/{file}.csv\"}.");
        }

        if (body?.BlobName is not { Length: > 0 } blobName || !RunStarter.IsDatasetBlob(blobName))
        {
            return Error(StatusCodes.Status400BadRequest, $"blobName '{body?.BlobName}' must name a dataset CSV, {{dataset}}/{{file}}.csv.");
        }

        var container = body.Container ?? WorkArea.DatasetsContainer;
        try
        {
            var started = await starter.StartForBlobAsync(container, blobName, "api", cancellationToken);
            return Accepted(request, urls, started.InstanceId);
        }
        catch (FileNotFoundException)
        {
            return Error(StatusCodes.Status404NotFound, $"{container}/{blobName} does not exist.");
        }
    }

    private static async Task<IResult> StatusAsync(string instanceId, HttpRequest request, DurableTaskClient client, ManagementUrls urls, CancellationToken cancellationToken)
    {
        var showHistory = Flag(request, "showHistory", false);
        var options = new DurableStatusJsonOptions(Flag(request, "showInput", true), showHistory, Flag(request, "showHistoryOutput", false));
        var failAs500 = Flag(request, "returnInternalServerErrorOnFailure", false);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        var history = showHistory ? await client.GetHistoryAsync(instanceId, cancellationToken) : null;
        var json = DurableStatusJson.ToJson(metadata, options, history);
        int code;
        if (!metadata.IsCompleted)
        {
            code = StatusCodes.Status202Accepted;
            request.HttpContext.Response.Headers.Location = urls.Status(request, instanceId);
            request.HttpContext.Response.Headers.RetryAfter = "5";
        }
        else
        {
            code = failAs500 && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        }

        return Results.Content(json, "application/json", Encoding.UTF8, code);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var query = InstanceListQuery.From(request) with { FetchInputsAndOutputs = true };
        var options = new DurableStatusJsonOptions(ShowInput: Flag(request, "showInput", false));
        var page = await client.ListInstancesAsync(query, cancellationToken);
        if (page.ContinuationToken is { } next)
        {
            request.HttpContext.Response.Headers[InstanceListQuery.ContinuationHeader] = next;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var metadata in page.Instances)
            {
                DurableStatusJson.Write(writer, metadata, options);
            }

            writer.WriteEndArray();
        }

        return Results.Bytes(stream.ToArray(), "application/json");
    }

    /// <summary>202 with <c>Location</c>, <c>Retry-After: 10</c> and the check-status body.</summary>
    internal static IResult Accepted(HttpRequest request, ManagementUrls urls, string instanceId)
    {
        var payload = urls.CheckStatus(request, instanceId);
        request.HttpContext.Response.Headers.Location = payload.StatusQueryGetUri;
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return Results.Json(payload, InvocationJsonContext.Default.CheckStatusPayload, statusCode: StatusCodes.Status202Accepted);
    }

    internal static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorBody(message), InvocationJsonContext.Default.ErrorBody, statusCode: statusCode);

    private static bool Flag(HttpRequest request, string name, bool defaultValue)
    {
        if (!request.Query.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }

        return bool.TryParse(value, out var parsed) ? parsed : throw new ArgumentException($"{name} '{value}' must be true or false.");
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static async ValueTask<object?> ErrorFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ArgumentException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (InstanceNotFoundException ex)
        {
            return Error(StatusCodes.Status404NotFound, ex.Message);
        }
        catch (InstanceNotActiveException ex)
        {
            return Error(StatusCodes.Status410Gone, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Error(StatusCodes.Status409Conflict, ex.Message);
        }
    }
}
