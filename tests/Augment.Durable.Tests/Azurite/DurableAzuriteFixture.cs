using Augment.Storage;

namespace Augment.Durable.Tests.Azurite;

/// <summary>One in-memory Azurite shared by the Azure Storage engine tests; each test uses its own task hub.</summary>
public sealed class DurableAzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;
    private int _hubs;

    public string ConnectionString => (_emulator ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString;

    public async Task InitializeAsync() => _emulator = await AzuriteEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>A task hub name no other test in this run uses.</summary>
    public string NewHub(string prefix) => $"{prefix}{Interlocked.Increment(ref _hubs)}";

    /// <summary>A backend over REST clients for this Azurite.</summary>
    public AzureStorageOrchestrationService NewBackend(DurableTaskOptions options, Func<IBlobStore, IBlobStore>? wrapBlobs = null)
    {
        var (blobs, queues) = StorageClients.FromConnectionString(ConnectionString);
        return new AzureStorageOrchestrationService(wrapBlobs is null ? blobs : wrapBlobs(blobs), queues, options);
    }
}

[CollectionDefinition(Name)]
public sealed class DurableAzuriteCollection : ICollectionFixture<DurableAzuriteFixture>
{
    public const string Name = "DurableAzurite";
}
