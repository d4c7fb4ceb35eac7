using Azure;
using Azure.Core;

namespace Augment.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over the Blob service REST API (Azure or Azurite) on an Azure.Core
/// <see cref="Azure.Core.Pipeline.HttpPipeline"/>: retries, Shared Key or bearer-token authorization, streamed
/// block uploads and unbuffered downloads.
/// </summary>
public sealed partial class BlobRestClient : IBlobStore
{
    private readonly StoragePipeline _pipeline;

    /// <summary>Creates a client from a parsed connection string (Shared Key).</summary>
    public BlobRestClient(StorageConnectionString connectionString, StorageClientOptions? options = null)
        : this(StoragePipeline.WithSharedKey(
            (connectionString ?? throw new ArgumentNullException(nameof(connectionString))).BlobEndpoint,
            connectionString.AccountName, connectionString.AccountKey, options))
    {
    }

    /// <summary>Creates a client for <paramref name="endpoint"/> (e.g. <c>https://acct.blob.core.windows.net</c>) with an Entra ID credential (managed identity).</summary>
    public BlobRestClient(Uri endpoint, TokenCredential credential, StorageClientOptions? options = null)
        : this(StoragePipeline.WithToken(endpoint, credential, options))
    {
    }

    internal BlobRestClient(StoragePipeline pipeline) => _pipeline = pipeline;

    /// <inheritdoc/>
    public async Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        using var message = _pipeline.Create(RequestMethod.Put, "/" + container, ("restype", "container"));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (201 or 409) || (response.Status == 409 && StoragePipeline.ErrorCode(response) != "ContainerAlreadyExists"))
        {
            throw StoragePipeline.Failure(response, $"Create container '{container}'");
        }
    }

    /// <inheritdoc/>
    public async Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var message = _pipeline.Create(RequestMethod.Get, BlobPath(container, name));
        try
        {
            message.BufferResponse = false;
            if (options?.IfMatch is { } ifMatch)
            {
                message.Request.Headers.SetValue("If-Match", ifMatch.Value);
            }

            var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.Status == 404)
            {
                return null;
            }

            if (response.Status != 200)
            {
                throw StoragePipeline.Failure(response, $"Read blob '{container}/{name}'");
            }

            var info = ReadInfo(response, container, name);
            var content = message.ExtractResponseContent() ?? Stream.Null;
            return new BlobDownload(info, content);
        }
        finally
        {
            message.Dispose();
        }
    }

    /// <inheritdoc/>
    public async Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.Create(RequestMethod.Head, BlobPath(container, name));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            200 => ReadInfo(response, container, name),
            404 => null,
            _ => throw StoragePipeline.Failure(response, $"Get properties of '{container}/{name}'"),
        };
    }

    /// <inheritdoc/>
    public async Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var message = _pipeline.Create(RequestMethod.Put, BlobPath(container, name), ("comp", "metadata"));
        AddMetadata(message.Request, metadata);
        if (ifMatch is { } expected)
        {
            message.Request.Headers.SetValue("If-Match", expected.Value);
        }

        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw NotFoundUnderCondition(response, ifMatch is not null, $"Set metadata of '{container}/{name}'");
        }

        // Set Blob Metadata returns only the new ETag and time; read the rest of the properties back.
        var etag = StoragePipeline.NormalizeETag(Header(response, "ETag")!);
        var lastModified = StoragePipeline.ParseDate(Header(response, "Last-Modified")!);
        var current = await GetPropertiesAsync(container, name, cancellationToken).ConfigureAwait(false);
        return new BlobInfo(container, name, etag, current?.ContentLength ?? 0, lastModified, current?.ContentType,
            new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase));
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.Create(RequestMethod.Delete, BlobPath(container, name));
        if (ifMatch is { } expected)
        {
            message.Request.Headers.SetValue("If-Match", expected.Value);
        }

        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 when ifMatch is null => false,
            _ => throw NotFoundUnderCondition(response, ifMatch is not null, $"Delete blob '{container}/{name}'"),
        };
    }

    private static string BlobPath(string container, string name)
    {
        StorageNames.ValidateBlob(name);
        return "/" + container + "/" + StoragePipeline.EscapePath(name);
    }

    /// <summary>An ETag condition on a blob that does not exist is a failed condition (as in HTTP), not a 404.</summary>
    private static StorageException NotFoundUnderCondition(Response response, bool conditional, string operation) =>
        conditional && response.Status == 404 && StoragePipeline.ErrorCode(response) == "BlobNotFound"
            ? StoragePipeline.Conflict(response, operation)
            : StoragePipeline.Failure(response, operation);

    private static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out var value) ? value : null;

    private static void AddMetadata(Request request, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            StorageNames.ValidateMetadataName(key);
            request.Headers.SetValue("x-ms-meta-" + key, value);
        }
    }

    private static BlobInfo ReadInfo(Response response, string container, string name)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }

        return new BlobInfo(
            container,
            name,
            StoragePipeline.NormalizeETag(Header(response, "ETag") ?? ""),
            long.Parse(Header(response, "Content-Length") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            StoragePipeline.ParseDate(Header(response, "Last-Modified")!),
            Header(response, "Content-Type"),
            metadata);
    }
}
