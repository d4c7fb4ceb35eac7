using Augment.Durable.Tests.Fakes;
using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

/// <summary>
/// Conformance cases that move a fake clock: queue visibility follows the injected <see cref="TimeProvider"/>, so they
/// run on backends over in-memory stores (not on Azurite, whose clock is real).
/// </summary>
public abstract class ClockedConformanceTests : OrchestrationServiceConformanceTests
{
    [Fact]
    public async Task Timer_TwentyDaysWithSixDayHops_ReEnqueuedUntilDueThenFiresOnce()
    {
        var time = new ManualTimeProvider(Epoch);
        var options = FastOptions();
        var (service, _) = CreateServices(options, time);
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddFeatures();
        var id = await new DurableTaskClient(service, timeProvider: time).ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Timer, TimeSpan.FromDays(20).TotalSeconds);
        await DrainAsync(service, registry, time);
        var fireAt = Assert.Single((await service.GetHistoryAsync(id)).OfType<TimerCreatedEvent>()).FireAt;

        var processor = NewProcessor(registry, time);
        for (var hop = 1; hop <= 3; hop++)
        {
            time.Advance(TimeSpan.FromDays(6));
            var hopItem = await service.LockNextOrchestrationWorkItemAsync();
            Assert.IsType<TimerFiredEvent>(Assert.Single(hopItem!.NewMessages).Message.Event);
            await processor.ProcessAsync(service, hopItem, CancellationToken.None);
            Assert.Null(await service.LockNextOrchestrationWorkItemAsync());
            Assert.Empty((await service.GetHistoryAsync(id)).OfType<TimerFiredEvent>());
        }

        time.Advance(TimeSpan.FromDays(1));
        Assert.Null(await service.LockNextOrchestrationWorkItemAsync());
        time.Advance(TimeSpan.FromDays(1));
        await DrainAsync(service, registry, time);

        var state = await service.GetInstanceStateAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state?.RuntimeStatus);
        Assert.Equal(Epoch.AddDays(20), fireAt);
        Assert.Single((await service.GetHistoryAsync(id)).OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task Timer_OneHour_NotDeliveredBeforeDue()
    {
        var time = new ManualTimeProvider(Epoch);
        var (service, _) = CreateServices(FastOptions(), time);
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddFeatures();
        var id = await new DurableTaskClient(service, timeProvider: time).ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Timer, 3600.0);
        await DrainAsync(service, registry, time);

        time.Advance(TimeSpan.FromMinutes(59));
        var early = await service.LockNextOrchestrationWorkItemAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await DrainAsync(service, registry, time);

        Assert.Null(early);
        var state = await service.GetInstanceStateAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state?.RuntimeStatus);
        Assert.Equal($"\"{Epoch.AddHours(1).UtcDateTime:O}\"", state?.Output);
    }

    [Fact]
    public async Task Complete_StaleWorkerAfterLockExpired_LosesAndDoesNotDoubleApply()
    {
        var time = new ManualTimeProvider(Epoch);
        var options = FastOptions();
        options.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30);
        options.DeferredMessageDelay = TimeSpan.Zero;
        var (first, second) = CreateServices(options, time);
        await first.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddCommon();
        var id = await new DurableTaskClient(first, timeProvider: time).ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v");
        var processor = NewProcessor(registry, time);

        var stale = await first.LockNextOrchestrationWorkItemAsync();
        time.Advance(TimeSpan.FromSeconds(31));
        var fresh = await second.LockNextOrchestrationWorkItemAsync();
        var freshCommitted = await processor.ProcessAsync(second, fresh!, CancellationToken.None);
        var staleCommitted = await processor.ProcessAsync(first, stale!, CancellationToken.None);
        var afterRace = await first.GetHistoryAsync(id);
        await DrainAsync(first, registry, time);

        Assert.Equal(id, fresh?.InstanceId);
        Assert.True(freshCommitted);
        Assert.False(staleCommitted);
        Assert.Single(afterRace.OfType<ExecutionStartedEvent>());
        Assert.Single(afterRace.OfType<TaskScheduledEvent>());
        var history = await first.GetHistoryAsync(id);
        Assert.Single(history.OfType<TaskCompletedEvent>());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
        Assert.Equal("\"v\"", (await first.GetInstanceStateAsync(id))?.Output);
    }

    [Fact]
    public async Task Eternal_HourlyTimerThenContinueAsNew_HistoryHoldsOnlyTheLastExecution()
    {
        var time = new ManualTimeProvider(Epoch);
        var (service, _) = CreateServices(FastOptions(), time);
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddFeatures();
        var id = await new DurableTaskClient(service, timeProvider: time).ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Eternal, 0);
        await DrainAsync(service, registry, time);

        var generations = new List<int>();
        for (var hour = 1; hour <= 3; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await DrainAsync(service, registry, time);
            generations.Add((await service.GetHistoryAsync(id)).OfType<ExecutionStartedEvent>().Single().Generation);
        }

        var state = await service.GetInstanceStateAsync(id);
        var history = await service.GetHistoryAsync(id);
        Assert.Equal([1, 2, 3], generations);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state?.RuntimeStatus);
        Assert.Equal("3", state?.Output);
        Assert.Equal(Epoch, state?.CreatedAt);
        Assert.Empty(history.OfType<TimerCreatedEvent>());
        Assert.Empty(history.OfType<TaskScheduledEvent>());
    }
}
