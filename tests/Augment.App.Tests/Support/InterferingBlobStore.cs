using Augment.Storage;

namespace Augment.Functions.Tests.Support;

/// <summary>
/// A blob store that lets "another worker" write first: just before the next upload to <see cref="Container"/>, it
/// overwrites that blob itself, so the real upload's ETag condition fails as it would in a lost race.
/// </summary>
internal sealed class InterferingBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    public string? Container { get; set; }

    public int Interferences { get; private set; }

    public override async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (container == Container)
        {
            Container = null;
            Interferences++;
            await Inner.UploadAsync(container, name, new MemoryStream("[]"u8.ToArray()), null, cancellationToken);
        }

        return await Inner.UploadAsync(container, name, content, options, cancellationToken);
    }
}
