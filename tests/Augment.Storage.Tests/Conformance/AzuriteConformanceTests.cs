using Augment.Storage.Tests.Emulator;

namespace Augment.Storage.Tests.Conformance;

/// <summary>The blob conformance suite against the Azure SDK-backed store on the shared Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteBlobStoreConformanceTests(AzuriteFixture azurite) : BlobStoreConformanceTests
{
    protected override IBlobStore Store { get; } = StorageClients.FromConnectionString(azurite.ConnectionString).Blobs;
}

/// <summary>The queue conformance suite against the Azure SDK-backed store on the shared Azurite, waiting in real time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteQueueStoreConformanceTests(AzuriteFixture azurite) : QueueStoreConformanceTests
{
    protected override IQueueStore Store { get; } = StorageClients.FromConnectionString(azurite.ConnectionString).Queues;

    // Azurite keeps times in whole seconds: wait one more so a deadline "now + n s" has surely passed.
    protected override Task LetTimePassAsync(TimeSpan duration) => Task.Delay(duration + TimeSpan.FromSeconds(1.1));
}
