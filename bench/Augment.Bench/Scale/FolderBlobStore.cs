using Augment.Storage;

namespace Augment.Bench.Scale;

/// <summary>
/// Blobs as files under one folder (<c>{root}/{container}/{name}</c>), so a stage reads and writes them as a stream, as it
/// would from Azure Storage, and its memory is its own (the in-memory store would hold every blob). Only what the
/// pipeline's activities call is supported: containers, upload, read, properties.
/// </summary>
internal sealed class FolderBlobStore(string root) : IBlobStore
{
    public Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.Combine(root, container));
        return Task.CompletedTask;
    }

    public async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(container, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".uploading";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
        return Info(container, name, new FileInfo(path));
    }

    public Task<BlobDownload?> OpenReadAsync(string container, string name, BlobReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(container, name));
        if (!file.Exists)
        {
            return Task.FromResult<BlobDownload?>(null);
        }

        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Task.FromResult<BlobDownload?>(new BlobDownload(Info(container, name, file), stream));
    }

    public Task<BlobInfo?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(container, name));
        return Task.FromResult(file.Exists ? Info(container, name, file) : null);
    }

    public Task<BlobInfo> SetMetadataAsync(string container, string name, IReadOnlyDictionary<string, string> metadata, ETag? ifMatch = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> DeleteAsync(string container, string name, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(container, name);
        var existed = File.Exists(path);
        File.Delete(path);
        return Task.FromResult(existed);
    }

    public Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    private string PathOf(string container, string name) => Path.Combine(root, container, name);

    private static BlobInfo Info(string container, string name, FileInfo file) =>
        new(container, name, new ETag($"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\""), file.Length, file.LastWriteTimeUtc, "text/csv", new Dictionary<string, string>());
}
