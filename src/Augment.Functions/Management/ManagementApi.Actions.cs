using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Invocation;

namespace Augment.Functions.Management;

internal static partial class ManagementApi
{
    private static Task<IResult> RaiseEventAsync(string instanceId, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken) =>
        SendEventAsync(instanceId, eventName, request, client, requireJsonContentType: true, cancellationToken);

    /// <summary>Raises an event whose payload is the request body (JSON; empty = null). 202 / 400 / 404 / 410.</summary>
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

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RestartAsync(
        string instanceId, bool? restartWithNewInstanceId, HttpRequest request, DurableTaskClient client, ManagementUrls urls, CancellationToken cancellationToken)
    {
        var newId = await client.RestartInstanceAsync(instanceId, restartWithNewInstanceId ?? true, cancellationToken);
        return Accepted(request, urls, newId);
    }

    private static async Task<IResult> PurgeOneAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var result = await client.PurgeInstanceAsync(instanceId, cancellationToken);
        return result.PurgedInstanceCount == 0
            ? Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.")
            : Results.Json(new PurgeHistoryResult(result.PurgedInstanceCount), InvocationJsonContext.Default.PurgeHistoryResult);
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var query = InstanceListQuery.From(request);
        if (query.CreatedFrom is not { } from)
        {
            return Error(StatusCodes.Status400BadRequest, "A bulk purge needs createdTimeFrom.");
        }

        var result = await client.PurgeInstancesAsync(new PurgeInstancesFilter(from, query.CreatedTo, query.RuntimeStatus), cancellationToken);
        return result.PurgedInstanceCount == 0
            ? Error(StatusCodes.Status404NotFound, "No finished instances matched.")
            : Results.Json(new PurgeHistoryResult(result.PurgedInstanceCount), InvocationJsonContext.Default.PurgeHistoryResult);
    }
}
