using System.Net;
using Azure.Core.Pipeline;

namespace Augment.Storage.Tests.Fakes;

/// <summary>An HTTP handler that records every request (with its body) and answers from a script.</summary>
internal sealed class RecordingHandler(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Options whose transport is this handler, with fast retries.</summary>
    public StorageClientOptions Options(int blockSize = 4 * 1024 * 1024)
    {
        var options = new StorageClientOptions { BlockSize = blockSize, Transport = new HttpClientTransport(new HttpClient(this)) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, string? body = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body is null ? [] : System.Text.Encoding.UTF8.GetBytes(body)) };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body);
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        return respond(recorded);
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Query(string name) =>
        System.Web.HttpUtility.ParseQueryString(Uri.Query)[name] ?? throw new KeyNotFoundException(name);

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
