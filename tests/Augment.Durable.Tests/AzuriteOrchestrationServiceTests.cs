using Augment.Durable.Tests.Emulator;

namespace Augment.Durable.Tests;

/// <summary>
/// The conformance suite on the Azure Storage backend against a real Azurite (REST clients, real queue clock). Each
/// test gets its own task hub, so tests never see each other's queues or instances.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteOrchestrationServiceTests(AzuriteFixture azurite) : OrchestrationServiceConformanceTests
{
    private protected override (IOrchestrationService First, IOrchestrationService Second) CreateServices(DurableTaskOptions options, TimeProvider timeProvider)
    {
        options.TaskHub = "t" + Guid.NewGuid().ToString("N")[..16];
        options.PartitionCount = 2;
        var (blobs, queues) = azurite.Clients();
        return (new AzureStorageOrchestrationService(blobs, queues, options, null, timeProvider), new AzureStorageOrchestrationService(blobs, queues, options, null, timeProvider));
    }
}
