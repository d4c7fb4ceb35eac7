using Augment.Storage;

namespace Augment.App.Tests.Support;

/// <summary>One Azurite (in memory, free ports) shared by the tests in the "Azurite" collection; each host takes its own task hub.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite is not started.");

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
