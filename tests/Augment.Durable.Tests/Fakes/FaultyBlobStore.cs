using System.Net;
using Augment.Storage;

namespace Augment.Durable.Tests.Fakes;

/// <summary>Passes everything to an inner store, except uploads that <see cref="FailUpload"/> picks: those throw a
/// (non-conflict) <see cref="StorageException"/> as a crash or an outage would, before reaching storage.</summary>
internal sealed class FaultyBlobStore(IBlobStore inner) : IBlobStore
{
    private int _failures;

    /// <summary>(container, blob name) → fail this upload? Null fails nothing.</summary>
    public Func<string, string, bool>? FailUpload { get; set; }

    public int Failures => Volatile.Read(ref _failures);

    public Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (FailUpload?.Invoke(container, name) == true)
        {
            Interlocked.Increment(ref _failures);
            throw new StorageException(HttpStatusCode.InternalServerError, "InjectedFault", $"Injected failure writing '{container}/{name}'.");
        }

        return inner.UploadAsync(container, name, content, options, cancellationToken);
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
