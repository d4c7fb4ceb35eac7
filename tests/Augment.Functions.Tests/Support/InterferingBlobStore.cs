using Augment.Storage;

namespace Augment.Functions.Tests.Support;

/// <summary>
/// A blob store that lets "another worker" write first: just before the next upload to <see cref="Container"/>, it
/// overwrites that blob itself, so the real upload's ETag condition fails as it would in a lost race.
/// </summary>
internal sealed class InterferingBlobStore(IBlobStore inner) : IBlobStore
{
    public string? Container { get; set; }

    public int Interferences { get; private set; }

    public async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (container == Container)
        {
            Container = null;
            Interferences++;
            await inner.UploadAsync(container, name, new MemoryStream("[]"u8.ToArray()), null, cancellationToken);
        }

        return await inner.UploadAsync(container, name, content, options, cancellationToken);
    }

    public Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default) => inner.CreateContainerIfNotExistsAsync(container, cancellationToken);

    public Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default) => inner.OpenReadAsync(container, name, options, cancellationToken);

    public Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(container, name, cancellationToken);

    public Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default) =>
        inner.SetMetadataAsync(container, name, metadata, ifMatch, cancellationToken);

    public Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default) =>
        inner.ListPageAsync(container, prefix, continuationToken, pageSize, cancellationToken);

    public Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(container, name, ifMatch, cancellationToken);

    public Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        inner.AcquireLeaseAsync(container, name, duration, proposedLeaseId, cancellationToken);

    public Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default) => inner.RenewLeaseAsync(container, name, leaseId, cancellationToken);

    public Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default) => inner.ReleaseLeaseAsync(container, name, leaseId, cancellationToken);
}
