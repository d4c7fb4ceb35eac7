using Augment.Storage;

namespace Augment.Testing;

/// <summary>Passes every call to an inner store; a test fake overrides the calls it meddles with (e.g. failing or
/// racing an upload). Shared by the test projects (linked from tests/Shared).</summary>
internal abstract class DelegatingBlobStore(IBlobStore inner) : IBlobStore
{
    protected IBlobStore Inner { get; } = inner;

    public virtual Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Inner.UploadAsync(container, name, content, options, cancellationToken);

    public Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default) => Inner.CreateContainerIfNotExistsAsync(container, cancellationToken);

    public Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default) => Inner.OpenReadAsync(container, name, options, cancellationToken);

    public Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default) => Inner.GetPropertiesAsync(container, name, cancellationToken);

    public Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default) =>
        Inner.SetMetadataAsync(container, name, metadata, ifMatch, cancellationToken);

    public Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default) =>
        Inner.ListPageAsync(container, prefix, continuationToken, pageSize, cancellationToken);

    public Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default) => Inner.DeleteAsync(container, name, ifMatch, cancellationToken);

    public Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        Inner.AcquireLeaseAsync(container, name, duration, proposedLeaseId, cancellationToken);

    public Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default) => Inner.RenewLeaseAsync(container, name, leaseId, cancellationToken);

    public Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default) => Inner.ReleaseLeaseAsync(container, name, leaseId, cancellationToken);
}
