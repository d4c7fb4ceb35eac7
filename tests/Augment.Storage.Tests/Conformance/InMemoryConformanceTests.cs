using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Conformance;

/// <summary>The blob conformance suite against <see cref="InMemoryBlobStore"/>.</summary>
public sealed class InMemoryBlobStoreConformanceTests : BlobStoreConformanceTests
{
    protected override IBlobStore Store { get; } = new InMemoryBlobStore(new ManualTimeProvider());
}

/// <summary>The blob conformance suite against <see cref="InMemoryBlobStore"/> keeping large blobs in a spill folder.</summary>
public sealed class SpillingInMemoryBlobStoreConformanceTests : BlobStoreConformanceTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"augment-spill-{Guid.NewGuid():N}");

    public SpillingInMemoryBlobStoreConformanceTests() => Store = new InMemoryBlobStore(new ManualTimeProvider(), _folder);

    protected override IBlobStore Store { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>The queue conformance suite against <see cref="InMemoryQueueStore"/> on a fake clock.</summary>
public sealed class InMemoryQueueStoreConformanceTests : QueueStoreConformanceTests
{
    private readonly ManualTimeProvider _time = new();

    public InMemoryQueueStoreConformanceTests() => Store = new InMemoryQueueStore(_time);

    protected override IQueueStore Store { get; }

    protected override Task LetTimePassAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
