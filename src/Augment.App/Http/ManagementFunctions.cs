using Augment.App.Hosting;
using System.Text;
using System.Text.Json;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Augment.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Augment.App.Http;

/// <summary>
/// The management API under <c>/api/augmentations</c>: the Durable Functions HTTP API's contract (CONTRACTS §4) on the
/// app's own routes, plus approve/reject. Start 202 + <c>Location</c> + check-status body; status 202 while running, 200
/// when done (500 for Failed with <c>returnInternalServerErrorOnFailure</c>), 404 unknown; actions 202 / 404 / 410 when
/// the run already ended; purge 200 / 404, 409 while the run is active; bad input 400. Errors are <c>{"error": "one line"}</c>.
/// </summary>
public sealed partial class ManagementFunctions(IBlobStore blobs, ManagementUrls urls, IOrchestrationHistory histories, AppOptions? options = null)
{
    /// <summary><c>GET</c> lists runs, <c>POST</c> starts one for a dataset CSV, <c>DELETE</c> purges finished runs.</summary>
    [Function("Augmentations")]
    public Task<IResult> Augmentations(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", "delete", Route = "augmentations")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => Guarded(req.Method switch
        {
            "GET" => () => ListAsync(req, client, cancellationToken),
            "POST" => () => StartAsync(req, client, cancellationToken),
            _ => () => PurgeManyAsync(req, client, cancellationToken),
        });

    /// <summary><c>GET</c> one run's status, <c>DELETE</c> purges it.</summary>
    [Function("AugmentationInstance")]
    public Task<IResult> AugmentationInstance(
        [HttpTrigger(AuthorizationLevel.Function, "get", "delete", Route = "augmentations/{instanceId}")] HttpRequest req,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => Guarded(req.Method == "GET"
            ? () => StatusAsync(instanceId, req, client, cancellationToken)
            : () => PurgeOneAsync(instanceId, client, cancellationToken));

    /// <summary><c>POST augmentations/{id}/{action}</c>: approve, reject, terminate, suspend, resume, restart.</summary>
    [Function("AugmentationAction")]
    public Task<IResult> AugmentationAction(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "augmentations/{instanceId}/{action}")] HttpRequest req,
        string instanceId,
        string action,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => Guarded(() => ActAsync(instanceId, action, req, client, cancellationToken));

    /// <summary><c>POST augmentations/{id}/raiseEvent/{eventName}</c> with a JSON body.</summary>
    [Function("AugmentationRaiseEvent")]
    public Task<IResult> AugmentationRaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "augmentations/{instanceId}/raiseEvent/{eventName}")] HttpRequest req,
        string instanceId,
        string eventName,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => Guarded(() => SendEventAsync(instanceId, eventName, req, client, requireJsonContentType: true, cancellationToken));

    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ArgumentException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        StartRequest? body;
        try
        {
            body = JsonSerializer.Deserialize(await ReadBodyAsync(request, cancellationToken), HttpJsonContext.Default.StartRequest);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "Invalid JSON content: expected {\"blobName\": \"{dataset}/{file}.csv\"}.");
        }

        if (RunStarter.Rejects(body?.BlobName) is { } why)
        {
            return Error(StatusCodes.Status400BadRequest, $"blobName '{body?.BlobName}' starts no run: {why}.");
        }

        var container = body!.Container ?? WorkArea.DatasetsContainer;
        try
        {
            var started = await new RunStarter(blobs, client, options?.StorageRetryWindowSeconds).StartForBlobAsync(container, body.BlobName!, "api", cancellationToken);
            return Accepted(request, urls, started.InstanceId);
        }
        catch (FileNotFoundException)
        {
            return Error(StatusCodes.Status404NotFound, $"{container}/{body.BlobName} does not exist.");
        }
    }

    private async Task<IResult> StatusAsync(string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var showHistory = Flag(request, "showHistory", false);
        var options = new DurableStatusJsonOptions(Flag(request, "showInput", true), showHistory, Flag(request, "showHistoryOutput", false));
        var failAs500 = Flag(request, "returnInternalServerErrorOnFailure", false);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        var history = showHistory ? await histories.GetAsync(client, instanceId, cancellationToken) : null;
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
        using var stream = new MemoryStream();
        try
        {
            await WritePageAsync(stream, request, client, query, options, cancellationToken);
        }
        catch (Exception ex) when (query.ContinuationToken is not null && ex is not OperationCanceledException)
        {
            return Error(StatusCodes.Status400BadRequest, $"The {InstanceListQuery.ContinuationHeader} header is not a token this host issued; start from the first page without it.");
        }

        return Results.Bytes(stream.ToArray(), "application/json");
    }

    private static async Task WritePageAsync(MemoryStream stream, HttpRequest request, DurableTaskClient client, OrchestrationQuery query, DurableStatusJsonOptions options, CancellationToken cancellationToken)
    {
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            await foreach (var page in client.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellationToken))
            {
                foreach (var metadata in page.Values)
                {
                    DurableStatusJson.Write(writer, metadata, options);
                }

                if (page.ContinuationToken is { Length: > 0 } next)
                {
                    request.HttpContext.Response.Headers[InstanceListQuery.ContinuationHeader] = next;
                }

                break; // one page per request; the caller follows the continuation header
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>202 with <c>Location</c>, <c>Retry-After: 10</c> and the check-status body.</summary>
    internal static IResult Accepted(HttpRequest request, ManagementUrls urls, string instanceId)
    {
        var payload = urls.CheckStatus(request, instanceId);
        request.HttpContext.Response.Headers.Location = payload.StatusQueryGetUri;
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return Results.Json(payload, HttpJsonContext.Default.CheckStatusPayload, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The one-line error body with its status code.</summary>
    internal static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorBody(message), HttpJsonContext.Default.ErrorBody, statusCode: statusCode);

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
}
