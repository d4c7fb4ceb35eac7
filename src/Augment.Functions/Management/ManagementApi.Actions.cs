using System.Text.Json;
using Augment.Durable;

namespace Augment.Functions.Management;

internal static partial class ManagementApi
{
    private static async Task<IResult> RaiseEventAsync(
        string instanceId, string eventName, HttpRequest request, DurableTaskClient client, IInstanceControl control, CancellationToken cancellationToken) =>
        await SendEventAsync(instanceId, eventName, request, client, control, requireJsonContentType: true, cancellationToken);

    private static async Task<IResult> SendEventAsync(
        string instanceId, string eventName, HttpRequest request, DurableTaskClient client, IInstanceControl control, bool requireJsonContentType, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (requireJsonContentType && !(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status400BadRequest, "Content-Type must be application/json.");
        }

        string? payload = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                payload = document.RootElement.GetRawText();
            }
            catch (JsonException)
            {
                return Error(StatusCodes.Status400BadRequest, "Invalid JSON content.");
            }
        }

        return await ControlAsync(instanceId, client, () => control.RaiseEventAsync(instanceId, eventName, payload, cancellationToken), cancellationToken);
    }

    /// <summary>404 when unknown, 410 when it already ended, else runs <paramref name="action"/> and answers 202.</summary>
    private static async Task<IResult> ControlAsync(string instanceId, DurableTaskClient client, Func<Task> action, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken);
        if (metadata is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        if (metadata.IsCompleted)
        {
            return Error(StatusCodes.Status410Gone, $"Instance '{instanceId}' already ended ({metadata.RuntimeStatus}).");
        }

        await action();
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RestartAsync(
        string instanceId, bool? restartWithNewInstanceId, HttpRequest request, DurableTaskClient client, IInstanceControl control, ManagementUrls urls, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken) is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        var newId = await control.RestartAsync(instanceId, restartWithNewInstanceId ?? true, cancellationToken);
        return Accepted(request, urls, newId);
    }

    private static async Task<IResult> PurgeOneAsync(string instanceId, DurableTaskClient client, IInstanceControl control, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken) is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        var deleted = await control.PurgeAsync(instanceId, cancellationToken);
        return deleted == 0
            ? Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.")
            : Results.Json(new PurgeResult(deleted), Invocation.InvocationJsonContext.Default.PurgeResult);
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, IInstanceControl control, CancellationToken cancellationToken)
    {
        var query = InstanceListQuery.From(request);
        if (query.Filter.CreatedFrom is null)
        {
            return Error(StatusCodes.Status400BadRequest, "A bulk purge needs createdTimeFrom.");
        }

        var deleted = await control.PurgeAsync(query.Filter, cancellationToken);
        return deleted == 0
            ? Error(StatusCodes.Status404NotFound, "No instances matched.")
            : Results.Json(new PurgeResult(deleted), Invocation.InvocationJsonContext.Default.PurgeResult);
    }
}
