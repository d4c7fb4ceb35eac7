using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Augment.Storage;

/// <summary>
/// The Azure.Core pipeline shared by the REST clients: <c>x-ms-version</c> per call, Azure.Core's retry policy,
/// then Shared Key signing or a bearer token per try. Also builds request URLs and turns failures into
/// <see cref="StorageException"/>s.
/// </summary>
internal sealed class StoragePipeline
{
    /// <summary>The OAuth scope of Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly string _base;

    private StoragePipeline(Uri endpoint, HttpPipeline pipeline, StorageClientOptions options)
    {
        _base = endpoint.AbsoluteUri.TrimEnd('/');
        Pipeline = pipeline;
        Options = options;
    }

    public HttpPipeline Pipeline { get; }

    public StorageClientOptions Options { get; }

    public static StoragePipeline WithSharedKey(Uri endpoint, string accountName, string accountKey, StorageClientOptions? options, TimeProvider? timeProvider = null)
    {
        options ??= new StorageClientOptions();
        return Create(endpoint, new SharedKeyPolicy(accountName, accountKey, timeProvider ?? TimeProvider.System), options);
    }

    public static StoragePipeline WithToken(Uri endpoint, TokenCredential credential, StorageClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new StorageClientOptions();
        return Create(endpoint, new BearerTokenAuthenticationPolicy(credential, StorageScope), options);
    }

    private static StoragePipeline Create(Uri endpoint, HttpPipelinePolicy auth, StorageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options.Validate();
        var pipeline = HttpPipelineBuilder.Build(options, [new VersionPolicy(options.ServiceVersion)], [auth], new ResponseClassifier());
        return new StoragePipeline(endpoint, pipeline, options);
    }

    /// <summary>Creates a request for <paramref name="path"/> (already escaped, starting with '/').</summary>
    public HttpMessage Create(RequestMethod method, string path, params (string Name, string? Value)[] query)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_base + path));
        foreach (var (name, value) in query)
        {
            if (value is not null)
            {
                message.Request.Uri.AppendQuery(name, value, true);
            }
        }

        return message;
    }

    public async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    /// <summary>Escapes a blob name segment by segment, keeping its '/' separators.</summary>
    public static string EscapePath(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Turns an unexpected response into an exception: 409/412 are conflicts, the rest plain failures.</summary>
    public static StorageException Failure(Response response, string operation)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        var detail = ReadErrorMessage(response, ref code);
        var text = $"{operation} failed: {response.Status} {(HttpStatusCode)response.Status}"
            + (code is null ? "" : $" ({code})")
            + (detail is null ? "." : $": {detail}");
        return StorageErrors.Create((HttpStatusCode)response.Status, code, text);
    }

    /// <summary>A conflict exception for a response whose status the operation treats as a lost race (e.g. a 404 pop receipt).</summary>
    public static StorageConflictException Conflict(Response response, string operation)
    {
        var failure = Failure(response, operation);
        return new StorageConflictException((HttpStatusCode)response.Status, failure.ErrorCode, failure.Message);
    }

    public static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : null;

    public static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.ParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static ETag NormalizeETag(string value) => new(value.StartsWith('"') ? value : $"\"{value}\"");

    private static string? ReadErrorMessage(Response response, ref string? code)
    {
        try
        {
            string body;
            if (response.ContentStream is { } stream and not MemoryStream)
            {
                // An unbuffered (download) response: read at most a few KB of the error body.
                var buffer = new byte[4096];
                var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                body = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
            }
            else
            {
                body = response.Content.ToString();
            }

            if (string.IsNullOrWhiteSpace(body))
            {
                return null;
            }

            var root = XDocument.Parse(body).Root;
            code ??= root?.Element("Code")?.Value;
            var message = root?.Element("Message")?.Value;
            return message?.Split('\n', 2)[0].Trim();
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private sealed class VersionPolicy(string version) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("x-ms-version", version);
    }
}
