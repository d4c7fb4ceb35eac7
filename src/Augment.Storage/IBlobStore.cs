namespace Augment.Storage;

/// <summary>
/// The subset of the Azure Blob service that AugmentFunctions relies on. Implemented over the Azure SDK's
/// <c>BlobServiceClient</c> (<c>AzureBlobStore</c>, Azurite or Azure) and in memory (<c>InMemoryBlobStore</c>, unit tests); both pass the
/// same conformance suite. Every write can be guarded by an ETag; a failed guard throws
/// <see cref="StorageConflictException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates the container; does nothing if it exists.</summary>
    Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads <paramref name="content"/> as a block blob. Small streams go up in one Put Blob; larger ones as blocks
    /// (Put Block + Put Block List) read from the stream chunk by chunk, never buffered whole.
    /// </summary>
    /// <exception cref="StorageConflictException">The condition in <paramref name="options"/> failed (409/412).</exception>
    Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob for streamed reading, or returns null when it does not exist.</summary>
    /// <exception cref="StorageConflictException">An <c>IfMatch</c> condition failed.</exception>
    Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the blob's properties and metadata, or null when it does not exist.</summary>
    Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Replaces the blob's user metadata (guarded by <paramref name="ifMatch"/> when given).</summary>
    Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of blobs whose names start with <paramref name="prefix"/>, in name order, with metadata.</summary>
    Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob. Returns false when it did not exist.</summary>
    /// <exception cref="StorageConflictException">The <paramref name="ifMatch"/> condition failed.</exception>
    Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>Acquires a lease (15–60 s, or infinite when null) and returns its id.</summary>
    /// <exception cref="StorageConflictException">The blob is already leased by someone else.</exception>
    Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease held by <paramref name="leaseId"/>.</summary>
    /// <exception cref="StorageConflictException">The lease was lost.</exception>
    Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease held by <paramref name="leaseId"/>; does nothing when it has already expired.</summary>
    Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default);
}

/// <summary>An opaque entity tag as returned by the service (quotes included).</summary>
public readonly record struct ETag(string Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>Conditions and properties for a blob write.</summary>
public sealed record BlobWriteOptions
{
    /// <summary>Only create: fail when the blob already exists (<c>If-None-Match: *</c>).</summary>
    public bool IfNoneMatchAny { get; init; }

    /// <summary>Only overwrite this version (<c>If-Match</c>).</summary>
    public ETag? IfMatch { get; init; }

    /// <summary>The lease id, when the blob is leased.</summary>
    public string? LeaseId { get; init; }

    /// <summary>Content type; defaults to <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>User metadata (names must be C# identifiers, values ASCII).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Creates options that only create a new blob.</summary>
    public static BlobWriteOptions CreateOnly { get; } = new() { IfNoneMatchAny = true };
}

/// <summary>Conditions for a blob read.</summary>
public sealed record BlobReadOptions
{
    /// <summary>Fail with <see cref="StorageConflictException"/> unless the blob still has this ETag.</summary>
    public ETag? IfMatch { get; init; }
}

/// <summary>Properties of a blob.</summary>
public sealed record BlobInfo(
    string Container,
    string Name,
    ETag ETag,
    long ContentLength,
    DateTimeOffset LastModified,
    string? ContentType,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>An open download: the caller owns and must dispose it.</summary>
public sealed class BlobDownload(BlobInfo info, Stream content) : IAsyncDisposable, IDisposable
{
    /// <summary>Properties of the version being read.</summary>
    public BlobInfo Info { get; } = info;

    /// <summary>The content, streamed from the service.</summary>
    public Stream Content { get; } = content;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Content.Dispose();
}

/// <summary>One page of a listing.</summary>
public sealed record BlobPage(IReadOnlyList<BlobInfo> Items, string? ContinuationToken);
