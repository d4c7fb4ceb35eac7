using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

/// <summary>Ports of the DTFx Azure Storage failure-case scenarios that are about semantics (CONTRACTS.md §5).</summary>
public abstract partial class OrchestrationServiceConformanceTests
{
    [Fact]
    public async Task Message_ForNonExistentInstance_DroppedAfterFiveDeliveries()
    {
        var options = FastOptions();
        options.DeferredMessageDelay = TimeSpan.Zero;
        var (service, _) = CreateServices(options, TimeProvider.System);
        await service.CreateIfNotExistsAsync();
        await service.SendTaskMessageAsync(Completion("ghost", "e1", "1"));
        var processor = NewProcessor(new DurableTaskRegistry(), TimeProvider.System);

        var deliveries = 0;
        while (deliveries < 20 && await service.LockNextOrchestrationWorkItemAsync() is { } item)
        {
            deliveries++;
            Assert.Equal("ghost", item.InstanceId);
            await processor.ProcessAsync(service, item, CancellationToken.None);
        }

        Assert.Equal(Engine.MessageTriage.MaxDeliveriesForUnknownInstance, deliveries);
        Assert.Null(await service.GetInstanceStateAsync("ghost"));
        Assert.Empty(await service.GetHistoryAsync("ghost"));
    }

    [Fact]
    public async Task Completion_WithNoTaskScheduledInHistory_DeferredThenDroppedWithoutEffect()
    {
        var options = FastOptions();
        options.DeferredMessageDelay = TimeSpan.Zero;
        var (service, _) = CreateServices(options, TimeProvider.System);
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddCommon();
        var id = await new DurableTaskClient(service).ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v");
        var processor = NewProcessor(registry, TimeProvider.System);
        await processor.ProcessAsync(service, (await service.LockNextOrchestrationWorkItemAsync())!, CancellationToken.None);
        var before = await service.GetHistoryAsync(id);
        var executionId = (await service.GetInstanceStateAsync(id))!.ExecutionId;

        await service.SendTaskMessageAsync(Completion(id, executionId, "\"stray\"", taskId: 7));
        var deliveries = 0;
        while (deliveries < 20 && await service.LockNextOrchestrationWorkItemAsync() is { } item)
        {
            deliveries++;
            await processor.ProcessAsync(service, item, CancellationToken.None);
        }

        Assert.Equal(Engine.MessageTriage.MaxDeliveries, deliveries);
        Assert.Equal(before.Count, (await service.GetHistoryAsync(id)).Count);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await service.GetInstanceStateAsync(id))?.RuntimeStatus);
    }

    [Fact]
    public async Task UnhandledOrchestratorException_AfterActivity_FailedWithDetails()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.ThrowsAfterActivity, "v");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(FormatException).FullName, result.FailureDetails?.ErrorType);
        Assert.Equal("cannot parse V", result.FailureDetails?.ErrorMessage);
        Assert.IsType<ExecutionFailedEvent>((await client.GetHistoryAsync(result.InstanceId))[^1]);
    }
}
