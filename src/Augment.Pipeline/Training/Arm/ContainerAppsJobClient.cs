using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Augment.Pipeline.Training.Arm;

/// <summary>
/// ARM REST client for one Container Apps job (CONTRACTS §6): start an execution with a template override and
/// follow the 202 to its name, read an execution, stop one. Azure.Core pipeline (retries, logging) with a bearer
/// token for <see cref="Scope"/>.
/// </summary>
public sealed class ContainerAppsJobClient
{
    /// <summary>The AAD scope of ARM tokens.</summary>
    public const string Scope = "https://management.azure.com/.default";

    private readonly ContainerAppsJobOptions _options;
    private readonly HttpPipeline _pipeline;
    private readonly TimeProvider _time;

    /// <summary>Creates the client; <paramref name="clientOptions"/> sets transport and retries.</summary>
    public ContainerAppsJobClient(ContainerAppsJobOptions options, TokenCredential credential, TrainingClientOptions? clientOptions = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _pipeline = HttpPipelineBuilder.Build(clientOptions ?? new TrainingClientOptions(), new BearerTokenPolicy(credential, Scope, _time));
    }

    /// <summary>The job's resource URI, <c>…/providers/Microsoft.App/jobs/{job}</c>.</summary>
    public Uri JobUri => new(_options.Endpoint, string.Create(CultureInfo.InvariantCulture,
        $"/subscriptions/{Esc(_options.SubscriptionId)}/resourceGroups/{Esc(_options.ResourceGroup)}/providers/Microsoft.App/jobs/{Esc(_options.JobName)}"));

    /// <summary>Starts an execution (<c>POST …/start</c>) and returns its name, following a 202 to the end.</summary>
    public async Task<string> StartExecutionAsync(JobExecutionTemplate? template, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, Resource("/start"));
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(template?.ToJson() ?? "{}"u8.ToArray());
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            200 or 201 => ExecutionName(response, "start"),
            202 => await FollowOperationAsync(response, cancellationToken).ConfigureAwait(false),
            _ => throw Failure(response, "POST start"),
        };
    }

    /// <summary>Reads an execution (<c>GET …/executions/{name}</c>).</summary>
    public async Task<JobExecution> GetExecutionAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        using var message = CreateMessage(RequestMethod.Get, Resource("/executions/" + Esc(executionName)));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw Failure(response, "GET execution " + executionName);
        }

        using var doc = Parse(response, "execution " + executionName);
        var root = doc.RootElement;
        var properties = root.TryGetProperty("properties", out var p) ? p : default;
        return new JobExecution(
            root.TryGetProperty("name", out var name) ? name.GetString() ?? executionName : executionName,
            Text(properties, "status"),
            Time(properties, "startTime"),
            Time(properties, "endTime"));
    }

    /// <summary>Asks ARM to stop an execution (<c>POST …/executions/{name}/stop</c>, 200 or 202).</summary>
    public async Task StopExecutionAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        using var message = CreateMessage(RequestMethod.Post, Resource("/executions/" + Esc(executionName) + "/stop"));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status is not (200 or 202 or 204))
        {
            throw Failure(message.Response, "POST stop " + executionName);
        }
    }

    private async Task<string> FollowOperationAsync(Response accepted, CancellationToken cancellationToken)
    {
        var location = Header(accepted, "Location");
        var asyncOperation = Header(accepted, "Azure-AsyncOperation");
        var poll = (location ?? asyncOperation) is { } first ? new Uri(first)
            : throw new TrainingJobException("ARM start returned 202 without a Location or Azure-AsyncOperation header.");
        var delay = RetryAfter(accepted);
        for (var attempt = 0; attempt < _options.MaxOperationPolls; attempt++)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            using var message = CreateMessage(RequestMethod.Get, poll);
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var response = message.Response;
            if (response.Status == 202)
            {
                poll = Header(response, "Location") is { } next && location is not null ? new Uri(next) : poll;
                delay = RetryAfter(response);
                continue;
            }

            if (response.Status != 200)
            {
                throw Failure(response, "GET start operation");
            }

            if (location is not null)
            {
                return ExecutionName(response, "start operation");
            }

            using var doc = Parse(response, "start operation");
            var status = Text(doc.RootElement, "status");
            if (status is "Succeeded")
            {
                return ExecutionName(response, "start operation");
            }

            if (status is "Failed" or "Canceled")
            {
                var error = doc.RootElement.TryGetProperty("error", out var e) ? Text(e, "message") : null;
                throw new TrainingJobException($"ARM start operation {status}: {error ?? "no error message"}.");
            }

            delay = RetryAfter(response);
        }

        throw new TrainingJobException($"ARM start operation still running after {_options.MaxOperationPolls} polls.");
    }

    private HttpMessage CreateMessage(RequestMethod method, Uri uri)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, "application/json");
        return message;
    }

    private Uri Resource(string suffix) =>
        new(JobUri + suffix + "?api-version=" + Uri.EscapeDataString(_options.ApiVersion));

    private TimeSpan RetryAfter(Response response) =>
        Header(response, "Retry-After") is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, 60))
            : _options.PollInterval;

    private static string ExecutionName(Response response, string what)
    {
        using var doc = Parse(response, what);
        if (Text(doc.RootElement, "name") is { Length: > 0 } name)
        {
            return name;
        }

        if (Text(doc.RootElement, "id") is { Length: > 0 } id && id.Contains("/executions/", StringComparison.Ordinal))
        {
            return id[(id.LastIndexOf('/') + 1)..];
        }

        throw new TrainingJobException($"ARM {what} reply names no execution (no 'name' or executions 'id').");
    }

    private static JsonDocument Parse(Response response, string what)
    {
        try
        {
            return JsonDocument.Parse(response.Content.ToMemory());
        }
        catch (JsonException ex)
        {
            throw new TrainingJobException($"ARM {what} reply is not JSON: {ex.Message}", ex);
        }
    }

    private static TrainingJobException Failure(Response response, string what)
    {
        string? detail = null;
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                detail = $"{Text(error, "code")}: {Text(error, "message")}";
            }
        }
        catch (JsonException)
        {
        }

        return new TrainingJobException($"ARM {what} returned {response.Status} {response.ReasonPhrase}{(detail is null ? "" : " (" + detail + ")")}.");
    }

    private static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    private static string Esc(string segment) => Uri.EscapeDataString(segment);
}
