using System.Net;

namespace Augment.Storage;

/// <summary>
/// A thread-safe in-memory <see cref="IBlobStore"/> with the Blob service's semantics: a new ETag on every write,
/// <c>If-None-Match: *</c> and <c>If-Match</c> guards, name-ordered paging, and leases that expire on the
/// injected <see cref="TimeProvider"/>. For unit tests and single-process runs; content lives in memory.
/// </summary>
public sealed partial class InMemoryBlobStore : IBlobStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, Entry>> _containers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _etagCounter;

    /// <summary>Creates an empty store on the given clock (the system clock when null).</summary>
    public InMemoryBlobStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        lock (_gate)
        {
            _containers.TryAdd(container, new SortedDictionary<string, Entry>(StringComparer.Ordinal));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        StorageNames.ValidateBlob(name);
        options ??= new BlobWriteOptions();
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();

        lock (_gate)
        {
            var blobs = Container(container);
            var now = Now();
            blobs.TryGetValue(name, out var existing);
            if (options.IfNoneMatchAny && existing is not null)
            {
                throw StorageErrors.BlobAlreadyExists(container, name);
            }

            if (options.IfMatch is { } ifMatch && (existing is null || existing.ETag != ifMatch))
            {
                throw StorageErrors.ConditionNotMet($"{container}/{name}");
            }

            LeaseState? lease = null;
            if (existing is not null)
            {
                lease = CheckWriteLease(existing, options.LeaseId);
            }
            else if (options.LeaseId is not null)
            {
                throw new StorageConflictException(HttpStatusCode.PreconditionFailed, "LeaseNotPresentWithBlobOperation", $"Blob '{container}/{name}' has no lease.");
            }

            var entry = new Entry(bytes, NextETag(), now, options.ContentType ?? "application/octet-stream", CopyMetadata(options.Metadata), lease);
            blobs[name] = entry;
            return entry.ToInfo(container, name);
        }
    }

    /// <inheritdoc/>
    public Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGet(container, name, out var entry))
            {
                return Task.FromResult<BlobDownload?>(null);
            }

            if (options?.IfMatch is { } ifMatch && entry.ETag != ifMatch)
            {
                throw StorageErrors.ConditionNotMet($"{container}/{name}");
            }

            Stream stream = new MemoryStream(entry.Content, writable: false);
            return Task.FromResult<BlobDownload?>(new BlobDownload(entry.ToInfo(container, name), stream));
        }
    }

    /// <inheritdoc/>
    public Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(TryGet(container, name, out var entry) ? entry.ToInfo(container, name) : null);
        }
    }

    /// <inheritdoc/>
    public Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (_gate)
        {
            var blobs = Container(container);
            if (!blobs.TryGetValue(name, out var entry))
            {
                throw ifMatch is null ? StorageErrors.BlobNotFound(container, name) : StorageErrors.ConditionNotMet($"{container}/{name}");
            }

            if (ifMatch is { } expected && entry.ETag != expected)
            {
                throw StorageErrors.ConditionNotMet($"{container}/{name}");
            }

            var now = Now();
            var lease = CheckWriteLease(entry, leaseId: null);
            var updated = entry with { ETag = NextETag(), LastModified = now, Metadata = CopyMetadata(metadata), Lease = lease };
            blobs[name] = updated;
            return Task.FromResult(updated.ToInfo(container, name));
        }
    }

    /// <inheritdoc/>
    public Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 5000);
        lock (_gate)
        {
            var blobs = Container(container);
            var items = new List<BlobInfo>();
            string? next = null;
            foreach (var (name, entry) in blobs)
            {
                if ((prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal))
                    || (continuationToken is not null && string.CompareOrdinal(name, continuationToken) < 0))
                {
                    continue;
                }

                if (items.Count == pageSize)
                {
                    next = name;
                    break;
                }

                items.Add(entry.ToInfo(container, name));
            }

            return Task.FromResult(new BlobPage(items, next));
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!TryGet(container, name, out var entry))
            {
                if (ifMatch is not null)
                {
                    throw StorageErrors.ConditionNotMet($"{container}/{name}");
                }

                return Task.FromResult(false);
            }

            if (ifMatch is { } expected && entry.ETag != expected)
            {
                throw StorageErrors.ConditionNotMet($"{container}/{name}");
            }

            CheckWriteLease(entry, leaseId: null);
            _containers[container].Remove(name);
            return Task.FromResult(true);
        }
    }

    private SortedDictionary<string, Entry> Container(string container) =>
        _containers.TryGetValue(container, out var blobs) ? blobs : throw StorageErrors.ContainerNotFound(container);

    private bool TryGet(string container, string name, out Entry entry)
    {
        entry = null!;
        return _containers.TryGetValue(container, out var blobs) && blobs.TryGetValue(name, out entry!);
    }

    private DateTimeOffset Now()
    {
        // The service reports Last-Modified with one-second resolution (RFC 1123); do the same.
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private ETag NextETag() => new($"\"0x8DC{Interlocked.Increment(ref _etagCounter):X12}\"");

    private static Dictionary<string, string> CopyMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                StorageNames.ValidateMetadataName(key);
                copy[key] = value;
            }
        }

        return copy;
    }

    private sealed record Entry(
        byte[] Content,
        ETag ETag,
        DateTimeOffset LastModified,
        string ContentType,
        Dictionary<string, string> Metadata,
        LeaseState? Lease)
    {
        public BlobInfo ToInfo(string container, string name) =>
            new(container, name, ETag, Content.LongLength, LastModified, ContentType,
                new Dictionary<string, string>(Metadata, StringComparer.OrdinalIgnoreCase));
    }
}
