using Azure;
using Azure.Storage.Blobs.Models;

namespace Augment.Storage;

internal sealed partial class AzureBlobStore
{
    /// <inheritdoc/>
    public async Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 5000);
        var options = new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = string.IsNullOrEmpty(prefix) ? null : prefix };
        var pages = service.GetBlobContainerClient(container)
            .GetBlobsAsync(options, cancellationToken)
            .AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, pageSize);
        try
        {
            // One List Blobs request: the first page the service returns, empty or not.
            await foreach (var page in pages.ConfigureAwait(false))
            {
                var items = page.Values.Select(item => ToInfo(container, item)).ToList();
                return new BlobPage(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"List blobs in '{container}'");
        }

        return new BlobPage([], null);
    }

    private static BlobInfo ToInfo(string container, BlobItem item)
    {
        var properties = item.Properties;
        return new BlobInfo(
            container,
            item.Name,
            Normalize(properties?.ETag),
            properties?.ContentLength ?? 0,
            properties?.LastModified ?? throw new StorageException("A listed blob has no Last-Modified."),
            string.IsNullOrEmpty(properties.ContentType) ? null : properties.ContentType,
            Copy(item.Metadata));
    }
}
