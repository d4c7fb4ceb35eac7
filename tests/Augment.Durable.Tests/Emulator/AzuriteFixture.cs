using Augment.Storage;

namespace Augment.Durable.Tests.Emulator;

/// <summary>One real Azurite (in memory, free ports) for the test classes of the "Azurite" collection.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    /// <summary>The running emulator.</summary>
    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync() => _emulator = await AzuriteEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>Blob and queue REST clients on the emulator.</summary>
    public (IBlobStore Blobs, IQueueStore Queues) Clients() => StorageClients.FromConnectionString(Emulator.ConnectionString);
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
