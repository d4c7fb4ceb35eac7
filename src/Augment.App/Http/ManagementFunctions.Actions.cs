using System.Text.Json;
using Augment.Pipeline.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Augment.App.Http;

public sealed partial class ManagementFunctions
{
    private async Task<IResult> ActAsync(string instanceId, string action, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var reason = request.Query["reason"].FirstOrDefault();
        switch (action)
        {
            case "approve":
                return await SendEventAsync(instanceId, AuditGate.ApproveEvent, request, client, requireJsonContentType: false, cancellationToken);
            case "reject":
                return await SendEventAsync(instanceId, AuditGate.RejectEvent, request, client, requireJsonContentType: false, cancellationToken);
            case "restart":
                var newId = Flag(request, "restartWithNewInstanceId", true);
                OrchestrationMetadata? run;
                try
                {
                    run = await client.GetInstanceAsync(instanceId, false, cancellationToken);
                }
                catch (Exception ex) when (!newId && ex is not OperationCanceledException)
                {
                    // The backend could not read a run that a racing same-id restart is creating right now (the in-memory
                    // service throws on that query); as with the restart itself below, that is a conflict, not a 500.
                    return Error(StatusCodes.Status409Conflict, $"Run '{instanceId}' is starting again; a same-id restart needs a finished run.");
                }

                if (run is null)
                {
                    return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
                }

                if (!newId && !run.IsCompleted)
                {
                    return Error(StatusCodes.Status409Conflict, $"Run '{instanceId}' is {run.RuntimeStatus}; a same-id restart needs a finished run.");
                }

                string restarted;
                try
                {
                    restarted = await client.RestartAsync(instanceId, newId, cancellationToken);
                }
                catch (Exception ex) when (!newId && ex is not OperationCanceledException)
                {
                    // A same-id restart raced another: the run read as finished but is already starting again.
                    return Error(StatusCodes.Status409Conflict, $"Run '{instanceId}' is starting again; a same-id restart needs a finished run.");
                }

                return Accepted(request, urls, restarted);
            case "terminate" or "suspend" or "resume":
                if (await ActiveAsync(instanceId, client, cancellationToken) is { } refusal)
                {
                    return refusal;
                }

                await (action switch
                {
                    "terminate" => client.TerminateInstanceAsync(instanceId, reason, cancellationToken),
                    "suspend" => client.SuspendInstanceAsync(instanceId, reason, cancellationToken),
                    _ => client.ResumeInstanceAsync(instanceId, reason, cancellationToken),
                });
                return Results.StatusCode(StatusCodes.Status202Accepted);
            default:
                return Error(StatusCodes.Status404NotFound, $"'{action}' is not an action; one of approve, reject, terminate, suspend, resume, restart.");
        }
    }

    private static async Task<IResult> SendEventAsync(
        string instanceId, string eventName, HttpRequest request, DurableTaskClient client, bool requireJsonContentType, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (requireJsonContentType && !(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status400BadRequest, "Content-Type must be application/json.");
        }

        JsonElement? payload = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                payload = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Error(StatusCodes.Status400BadRequest, "Invalid JSON content.");
            }
        }

        if (await ActiveAsync(instanceId, client, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>404 for an unknown run, 410 for one that already ended, null for an active one.</summary>
    private static async Task<IResult?> ActiveAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, false, cancellationToken) switch
        {
            null => Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'."),
            { IsCompleted: true } done => Error(StatusCodes.Status410Gone, $"Run '{instanceId}' already ended ({done.RuntimeStatus})."),
            _ => null,
        };

    private static async Task<IResult> PurgeOneAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        switch (await client.GetInstanceAsync(instanceId, false, cancellationToken))
        {
            case null:
                return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
            case { IsCompleted: false } active:
                return Error(StatusCodes.Status409Conflict, $"Run '{instanceId}' is {active.RuntimeStatus}; terminate it before purging.");
            default:
                var result = await client.PurgeInstanceAsync(instanceId, cancellationToken);
                return result.PurgedInstanceCount == 0
                    ? Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.")
                    : Results.Json(new PurgeHistoryResult(result.PurgedInstanceCount), HttpJsonContext.Default.PurgeHistoryResult);
        }
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var query = InstanceListQuery.From(request);
        if (query.CreatedFrom is not { } from)
        {
            return Error(StatusCodes.Status400BadRequest, "A bulk purge needs createdTimeFrom.");
        }

        // Only finished runs are purged, whatever runtimeStatus asks for.
        var finished = (query.Statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(s => s is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated).ToList();
        if (finished.Count == 0)
        {
            // An empty status list would mean "any status" to the client: asking only for active runs purges nothing.
            return Error(StatusCodes.Status404NotFound, "No finished instances matched (only Completed, Failed and Terminated runs are purged).");
        }

        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, query.CreatedTo, finished), cancellationToken);
        return result.PurgedInstanceCount == 0
            ? Error(StatusCodes.Status404NotFound, "No finished instances matched.")
            : Results.Json(new PurgeHistoryResult(result.PurgedInstanceCount), HttpJsonContext.Default.PurgeHistoryResult);
    }
}
