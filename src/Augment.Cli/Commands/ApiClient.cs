using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Augment.Cli.Commands;

/// <summary>A management-API error, as one line, with the exit code the command returns for it.</summary>
internal sealed class ApiException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// HTTP client of the handler's management API (<c>/api/augmentations</c>, <c>/api/dashboard/runs/{id}/files</c>):
/// sends the function key as <c>x-functions-key</c>, turns unreachable hosts, 404s and other errors into
/// <see cref="ApiException"/>s with one-line messages.
/// </summary>
internal sealed class ApiClient(Uri baseUrl, string? key) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Sends a request; returns the status code and the parsed JSON body (null when empty or not JSON).</summary>
    public async Task<(HttpStatusCode Status, JsonElement? Body)> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? body = null;
        try
        {
            body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            body = null;
        }

        if ((int)response.StatusCode >= 400 && !(response.StatusCode == HttpStatusCode.InternalServerError && body?.ValueKind == JsonValueKind.Object && body.Value.TryGetProperty("runtimeStatus", out _)))
        {
            var error = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("error", out var e) ? e.GetString() : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            throw new ApiException(error ?? "error", response.StatusCode switch
            {
                HttpStatusCode.NotFound => CliApiExit.NotFound,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CliApiExit.Unauthorized,
                HttpStatusCode.BadRequest => CliConsole.BadInput,
                _ => CliApiExit.Rejected,
            });
        }

        return (response.StatusCode, body);
    }

    /// <summary>GET a JSON body.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, cancellationToken)).Body ?? throw new ApiException($"GET {path} answered no JSON.", CliApiExit.Rejected);

    /// <summary>POST JSON text.</summary>
    public Task<(HttpStatusCode Status, JsonElement? Body)> PostJsonAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Downloads a file into <paramref name="target"/>; false when the server has no such file (404).</summary>
    public async Task<bool> DownloadAsync(string path, string target, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, path, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException($"GET {path} answered HTTP {(int)response.StatusCode}.", CliApiExit.Rejected);
        }

        await using var file = File.Create(target);
        await response.Content.CopyToAsync(file, cancellationToken);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (key is { Length: > 0 })
        {
            request.Headers.Add("x-functions-key", key);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException($"cannot reach {_http.BaseAddress}: {ex.Message}", CliApiExit.Unreachable);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException($"{_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s.", CliApiExit.Unreachable);
        }
    }
}

/// <summary>Exit codes of the API client commands, beyond <see cref="CliConsole"/>'s 0/1/2.</summary>
internal static class CliApiExit
{
    /// <summary>No such run (404).</summary>
    public const int NotFound = 3;

    /// <summary>The host could not be reached.</summary>
    public const int Unreachable = 4;

    /// <summary>The key was refused (401/403).</summary>
    public const int Unauthorized = 5;

    /// <summary>The API refused the request otherwise (409 active, 410 ended, 5xx).</summary>
    public const int Rejected = 6;
}
