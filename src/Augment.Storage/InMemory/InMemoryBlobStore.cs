using System.Net;

namespace Augment.Storage;

/// <summary>
/// A thread-safe in-memory <see cref="IBlobStore"/> with the Blob service's semantics: a new ETag on every write,
/// <c>If-None-Match: *</c> and <c>If-Match</c> guards, name-ordered paging, and leases that expire on the
/// injected <see cref="TimeProvider"/>. For unit tests and single-process runs; content lives in memory, or, given a
/// spill folder, blobs larger than <see cref="SpillBytes"/> live in files there (so a single-process run over a large
/// dataset does not hold every blob it writes in its own memory; the folder's owner deletes it).
/// </summary>
public sealed partial class InMemoryBlobStore : IBlobStore
{
    /// <summary>Blobs larger than this go to the spill folder, when one is given.</summary>
    public const int SpillBytes = 8 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, Entry>> _containers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string? _spillFolder;
    private long _etagCounter;

    /// <summary>Creates an empty store on the given clock (the system clock when null).</summary>
    public InMemoryBlobStore(TimeProvider? timeProvider = null)
        : this(timeProvider, spillFolder: null)
    {
    }

    /// <summary>
    /// Creates an empty store that keeps blobs over <see cref="SpillBytes"/> as files in <paramref name="spillFolder"/>
    /// (created when missing; a replaced or deleted blob's file is deleted, the folder itself is the caller's).
    /// </summary>
    public InMemoryBlobStore(TimeProvider? timeProvider, string? spillFolder)
    {
        _time = timeProvider ?? TimeProvider.System;
        if (spillFolder is not null)
        {
            Directory.CreateDirectory(spillFolder);
        }

        _spillFolder = spillFolder;
    }

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
        var (bytes, spilled) = await ReadContentAsync(content, cancellationToken).ConfigureAwait(false);
        var committed = false;
        try
        {
            var info = Commit(container, name, options, bytes, spilled);
            committed = true;
            return info;
        }
        finally
        {
            if (!committed)
            {
                spilled?.Delete();
            }
        }
    }

    private BlobInfo Commit(string container, string name, BlobWriteOptions options, byte[] bytes, SpillFile? spilled)
    {
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

            var entry = new Entry(bytes, NextETag(), now, options.ContentType ?? "application/octet-stream", CopyMetadata(options.Metadata), lease) { Spilled = spilled };
            blobs[name] = entry;
            existing?.Spilled?.Delete();
            return entry.ToInfo(container, name);
        }
    }

    /// <summary>Reads an upload into memory, or into a spill file once it passes <see cref="SpillBytes"/>.</summary>
    private async Task<(byte[] Bytes, SpillFile? Spilled)> ReadContentAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (_spillFolder is not null && buffer.Length > SpillBytes)
            {
                var file = new SpillFile(Path.Combine(_spillFolder, $"{Guid.NewGuid():N}.blob"));
                try
                {
                    await using var output = new FileStream(file.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    file.Length = output.Length;
                }
                catch
                {
                    file.Delete();
                    throw;
                }

                return ([], file);
            }
        }

        return (buffer.ToArray(), null);
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

            // A spilled blob's file is opened while the lock is held, so a later replace or delete (which deletes
            // the file) leaves this reader its snapshot, as the service does for a download in progress.
            Stream stream = entry.Spilled is { } file
                ? new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true)
                : new MemoryStream(entry.Content, writable: false);
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
            entry.Spilled?.Delete();
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
        /// <summary>Gets the file holding the content instead of <see cref="Content"/>, when it was spilled.</summary>
        public SpillFile? Spilled { get; init; }

        public BlobInfo ToInfo(string container, string name) =>
            new(container, name, ETag, Spilled?.Length ?? Content.LongLength, LastModified, ContentType,
                new Dictionary<string, string>(Metadata, StringComparer.OrdinalIgnoreCase));
    }

    private sealed class SpillFile(string path)
    {
        public string Path { get; } = path;

        public long Length { get; set; }

        public void Delete()
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // Best effort: the folder's owner deletes what is left.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
