using Augment.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Augment.Testing;

/// <summary>
/// One real Azurite (in memory, free ports) per test assembly, shared by every class in the "Azurite" collection;
/// SDK clients pinned to the service version Azurite speaks.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite is not started.");

    public string ConnectionString => Emulator.ConnectionString;

    public BlobServiceClient Blobs() => new(Emulator.ConnectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));

    /// <summary>A queue client that writes base64, as the Functions host does.</summary>
    public QueueClient Queue(string name) => new(
        Emulator.ConnectionString, name, new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync() => _emulator = await AzuriteEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
