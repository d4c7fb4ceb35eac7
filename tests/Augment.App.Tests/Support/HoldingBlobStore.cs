using Augment.Pipeline;
using Augment.Storage;

namespace Augment.App.Tests.Support;

/// <summary>
/// A blob store (in memory unless given one) that holds a run in its first activity: Profile's first write to <c>work/{runId}/</c> waits
/// while <see cref="Holds"/> says so for the run id (by default every run id starting with <c>held</c>), so the run
/// stays Running until a test ends it. <see cref="Release"/> lets every held write through (and all later ones).
/// </summary>
internal sealed class HoldingBlobStore(IBlobStore? inner = null) : DelegatingBlobStore(inner ?? new InMemoryBlobStore())
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Which run ids are held (the blob name's first segment under <c>work/</c>).</summary>
    public Func<string, bool> Holds { get; set; } = runId => runId.StartsWith("held", StringComparison.Ordinal);

    /// <summary>How many writes have been held so far.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Lets every held write through, now and from now on.</summary>
    public void Release() => _released.TrySetResult();

    public override async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (container == WorkArea.WorkContainer && slash > 0 && !_released.Task.IsCompleted && Holds(name[..slash]))
        {
            Interlocked.Increment(ref _held);
            await _released.Task.WaitAsync(cancellationToken);
        }

        return await base.UploadAsync(container, name, content, options, cancellationToken);
    }
}
