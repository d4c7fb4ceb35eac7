using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SdkETag = Azure.ETag;

namespace Augment.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over the Azure SDK's <see cref="BlobServiceClient"/> (Azure or Azurite): the SDK signs,
/// retries and streams; this class keeps the contract's conditions, exception mapping and ETag form.
/// </summary>
internal sealed partial class AzureBlobStore(BlobServiceClient service, StorageTransferOptions transfer) : IBlobStore
{
    private const string DefaultContentType = "application/octet-stream";

    /// <inheritdoc/>
    public async Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        try
        {
            // Treats only 409 ContainerAlreadyExists as "exists"; any other failure throws.
            await service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Create container '{container}'");
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The SDK reads the stream in buffers of <see cref="StorageClientOptions.BlockSize"/> bytes: content under one
    /// block goes up as a single Put Blob, larger content as Put Block (at most
    /// <see cref="StorageClientOptions.MaxConcurrentBlocks"/> in flight) and a Put Block List that carries the
    /// conditions, content type and metadata. A non-seekable stream is never seeked.
    /// </remarks>
    public async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobWriteOptions();
        var blob = Blob(container, name);
        var metadata = Metadata(options.Metadata ?? new Dictionary<string, string>());
        var contentType = options.ContentType ?? DefaultContentType;
        var counting = content.CanSeek ? null : new CountingReadStream(content);
        var length = content.CanSeek ? content.Length - content.Position : 0;
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata,
            Conditions = Conditions(options.IfNoneMatchAny, options.IfMatch, options.LeaseId),
            TransferOptions = transfer,
        };
        try
        {
            var response = await blob.UploadAsync((Stream?)counting ?? content, upload, cancellationToken).ConfigureAwait(false);
            return new BlobInfo(container, name, Normalize(response.Value.ETag), counting?.BytesRead ?? length,
                response.Value.LastModified, contentType, Copy(metadata));
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.NotFoundUnderCondition(ex, options.IfMatch is not null, $"Upload blob '{container}/{name}'");
        }
    }

    /// <inheritdoc/>
    public async Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        var download = new BlobDownloadOptions { Conditions = Conditions(false, options?.IfMatch, null) };
        try
        {
            // Streaming: the content is the network stream (re-requested with If-Match on a broken connection).
            var response = await blob.DownloadStreamingAsync(download, cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            var info = new BlobInfo(container, name, Normalize(details.ETag), details.ContentLength, details.LastModified,
                details.ContentType, Copy(details.Metadata));
            return new BlobDownload(info, response.Value.Content ?? Stream.Null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Read blob '{container}/{name}'");
        }
    }

    /// <inheritdoc/>
    public async Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new BlobInfo(container, name, Normalize(properties.ETag), properties.ContentLength, properties.LastModified,
                properties.ContentType, Copy(properties.Metadata));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Get properties of '{container}/{name}'");
        }
    }

    /// <inheritdoc/>
    public async Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var blob = Blob(container, name);
        var values = Metadata(metadata);
        Response<global::Azure.Storage.Blobs.Models.BlobInfo> response;
        try
        {
            response = await blob.SetMetadataAsync(values, Conditions(false, ifMatch, null), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.NotFoundUnderCondition(ex, ifMatch is not null, $"Set metadata of '{container}/{name}'");
        }

        // Set Blob Metadata returns only the new ETag and time; read the rest of the properties back.
        var current = await GetPropertiesAsync(container, name, cancellationToken).ConfigureAwait(false);
        return new BlobInfo(container, name, Normalize(response.Value.ETag), current?.ContentLength ?? 0, response.Value.LastModified,
            current?.ContentType, Copy(values));
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.None, Conditions(false, ifMatch, null), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ifMatch is null)
        {
            return false;
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.NotFoundUnderCondition(ex, ifMatch is not null, $"Delete blob '{container}/{name}'");
        }
    }

    private BlobClient Blob(string container, string name)
    {
        StorageNames.ValidateBlob(name);
        return service.GetBlobContainerClient(container).GetBlobClient(name);
    }

    private static BlobRequestConditions? Conditions(bool ifNoneMatchAny, ETag? ifMatch, string? leaseId) =>
        !ifNoneMatchAny && ifMatch is null && leaseId is null
            ? null
            : new BlobRequestConditions
            {
                IfNoneMatch = ifNoneMatchAny ? SdkETag.All : null,
                IfMatch = ifMatch is { } etag ? new SdkETag(etag.Value) : null,
                LeaseId = leaseId,
            };

    /// <summary>Checks the names (C# identifiers) and copies the metadata for the SDK.</summary>
    private static Dictionary<string, string> Metadata(IReadOnlyDictionary<string, string> metadata)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata)
        {
            StorageNames.ValidateMetadataName(key);
            values[key] = value;
        }

        return values;
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? metadata) =>
        metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);

    /// <summary>The quoted header form, so that an ETag from a listing (unquoted on Azure) works in <c>If-Match</c>.</summary>
    private static ETag Normalize(SdkETag? etag)
    {
        var value = etag?.ToString() ?? "";
        return new ETag(value.StartsWith('"') ? value : $"\"{value}\"");
    }
}
