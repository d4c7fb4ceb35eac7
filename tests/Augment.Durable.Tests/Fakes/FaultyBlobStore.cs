using System.Net;
using Augment.Storage;

namespace Augment.Durable.Tests.Fakes;

/// <summary>Passes everything to an inner store, except uploads that <see cref="FailUpload"/> picks: those throw a
/// (non-conflict) <see cref="StorageException"/> as a crash or an outage would, before reaching storage.</summary>
internal sealed class FaultyBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    private int _failures;

    /// <summary>(container, blob name) → fail this upload? Null fails nothing.</summary>
    public Func<string, string, bool>? FailUpload { get; set; }

    public int Failures => Volatile.Read(ref _failures);

    public override Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (FailUpload?.Invoke(container, name) == true)
        {
            Interlocked.Increment(ref _failures);
            throw new StorageException(HttpStatusCode.InternalServerError, "InjectedFault", $"Injected failure writing '{container}/{name}'.");
        }

        return Inner.UploadAsync(container, name, content, options, cancellationToken);
    }
}
