using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.LocalHost.Invocation;

/// <summary>Where the handler listens (a started process, or a fixed address in tests).</summary>
public interface IHandlerEndpoint
{
    /// <summary>The handler's base address (<c>http://127.0.0.1:{port}/</c>), once it is ready.</summary>
    /// <exception cref="InvalidOperationException">The handler is not running and could not be (re)started.</exception>
    Task<Uri> GetBaseAddressAsync(CancellationToken cancellationToken = default);
}

/// <summary>A handler already listening at a known address.</summary>
public sealed class FixedHandlerEndpoint(Uri baseAddress) : IHandlerEndpoint
{
    /// <inheritdoc/>
    public Task<Uri> GetBaseAddressAsync(CancellationToken cancellationToken = default) => Task.FromResult(baseAddress);
}

/// <summary>
/// Invokes functions over the custom-handler contract: <c>POST /{FunctionName}</c> with
/// <c>{"Data":…,"Metadata":{…,"sys":{MethodName,UtcNow,RandGuid}}}</c> and the host's headers; a 2xx answer with
/// <c>{"Outputs","Logs","ReturnValue"}</c> (any case) is success, anything else fails the invocation.
/// </summary>
public sealed partial class HttpFunctionInvoker : IFunctionInvoker
{
    /// <summary>The host version sent in <c>X-Azure-Functions-HostVersion</c> and <c>User-Agent</c>.</summary>
    public const string HostVersion = "4.1040.0";

    private readonly HttpClient _http;
    private readonly IHandlerEndpoint _endpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the invoker. <paramref name="http"/>'s timeout should be <c>functionTimeout</c> + 1 minute (infinite when unset).</summary>
    public HttpFunctionInvoker(HttpClient http, IHandlerEndpoint endpoint, TimeProvider? time = null, ILogger? logger = null)
    {
        _http = http;
        _endpoint = endpoint;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The JSON body the host posts for <paramref name="request"/> at <paramref name="utcNow"/>.</summary>
    public static JsonObject BuildBody(InvocationRequest request, DateTimeOffset utcNow)
    {
        var metadata = (JsonObject)request.Metadata.DeepClone();
        metadata["sys"] = new JsonObject
        {
            ["MethodName"] = request.FunctionName,
            ["UtcNow"] = utcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        };
        return new JsonObject { ["Data"] = request.Data.DeepClone(), ["Metadata"] = metadata };
    }

    /// <summary>Parses a handler's response body (empty = no outputs).</summary>
    /// <exception cref="FunctionInvocationException">The body is not a JSON object.</exception>
    public static InvocationResult ParseResult(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return InvocationResult.Empty;
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject ?? throw new FunctionInvocationException("the handler's response body is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new FunctionInvocationException($"the handler's response body is not JSON: {ex.Message}", ex);
        }

        JsonNode? Field(string name) => root.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        var outputs = Field("Outputs") is JsonObject o ? (JsonObject)o.DeepClone() : [];
        var logs = Field("Logs") is JsonArray a ? a.Select(l => l is JsonValue v && v.TryGetValue<string>(out var s) ? s : l?.ToJsonString() ?? string.Empty).ToList() : [];
        return new InvocationResult(outputs, logs, Field("ReturnValue")?.DeepClone());
    }

    /// <inheritdoc/>
    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        Uri baseAddress;
        try
        {
            baseAddress = await _endpoint.GetBaseAddressAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new FunctionInvocationException($"{request.FunctionName}: the handler is not available: {ex.Message}", ex);
        }

        var body = BuildBody(request, _time.GetUtcNow());
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, Uri.EscapeDataString(request.FunctionName)))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("X-Azure-Functions-InvocationId", request.InvocationId.ToString());
        message.Headers.Add("X-Azure-Functions-HostVersion", HostVersion);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("Azure-Functions-Host", HostVersion));

        string text;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new FunctionInvocationException($"{request.FunctionName}: the handler did not answer: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FunctionInvocationException($"{request.FunctionName}: the handler did not answer within {_http.Timeout}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var excerpt = text.Length > 300 ? text[..300] + "…" : text;
                throw new FunctionInvocationException($"{request.FunctionName}: the handler answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt.ReplaceLineEndings(" ")}");
            }
        }

        var result = ParseResult(text);
        foreach (var line in result.Logs)
        {
            LogHandlerLine(_logger, request.FunctionName, line);
        }

        return result;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Function}: {Line}")]
    private static partial void LogHandlerLine(ILogger logger, string function, string line);
}
