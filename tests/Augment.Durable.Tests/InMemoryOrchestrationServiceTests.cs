namespace Augment.Durable.Tests;

/// <summary>The conformance suite on the in-memory backend.</summary>
public sealed class InMemoryOrchestrationServiceTests : ClockedConformanceTests
{
    private protected override (IOrchestrationService First, IOrchestrationService Second) CreateServices(DurableTaskOptions options, TimeProvider timeProvider)
    {
        var service = new InMemoryOrchestrationService(options, timeProvider);
        return (service, service);
    }
}
