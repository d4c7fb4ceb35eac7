using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

public abstract partial class OrchestrationServiceConformanceTests
{
    [Fact]
    public async Task RaiseEvent_BeforeOrchestratorWaits_BufferedInArrivalOrder()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.WaitForEvents);

        // Both "value" events arrive before the code waits for them (it waits for "go" first).
        await client.RaiseEventAsync(id, "value", 1);
        await client.RaiseEventAsync(id, "Value", 2);
        await client.RaiseEventAsync(id, "go", "now");
        var result = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal([1, 2], result.ReadOutputAs<List<int>>());
        Assert.Equal(["value", "Value", "go"], (await client.GetHistoryAsync(id)).OfType<EventRaisedEvent>().Select(e => e.Name));
    }

    [Fact]
    public async Task WaitForExternalEvent_EventArrivesBeforeTimeout_ReturnsPayload()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.EventWithTimeout, 3600.0);
        await WaitForHistoryAsync<TimerCreatedEvent>(client, id);

        await client.RaiseEventAsync(id, "answer", "42");
        var result = await WaitAsync(client, id);

        Assert.Equal("42", result.ReadOutputAs<string>());
        Assert.Empty((await client.GetHistoryAsync(id)).OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task WaitForExternalEvent_NoEventBeforeTimeout_TimerWinsWithTaskCanceled()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.EventWithTimeout, 1.0);

        Assert.Equal("timed out", result.ReadOutputAs<string>());
        Assert.Single((await client.GetHistoryAsync(result.InstanceId)).OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task RaiseEvent_UnknownOrFinishedInstance_ThrowsNotFoundOrNotActive()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;
        var done = await RunAsync(client, TestOrchestrations.OneActivity, "v");

        var missing = await Assert.ThrowsAsync<InstanceNotFoundException>(() => client.RaiseEventAsync("no-such-instance", "e"));
        var gone = await Assert.ThrowsAsync<InstanceNotActiveException>(() => client.RaiseEventAsync(done.InstanceId, "e"));

        Assert.Equal("no-such-instance", missing.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, gone.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventWhileSuspended_HeldUntilResumed()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Approval);
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(id))?.SerializedCustomStatus is not null, "the instance waits");

        await client.SuspendInstanceAsync(id, "audit");
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");
        await client.RaiseEventAsync(id, "decision", "yes");
        await WaitForHistoryAsync<EventRaisedEvent>(client, id);
        var whileSuspended = await client.GetInstanceAsync(id);
        var historyWhileSuspended = await client.GetHistoryAsync(id);
        await client.ResumeInstanceAsync(id, "done");
        var result = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended?.RuntimeStatus);
        Assert.Empty(historyWhileSuspended.OfType<TaskScheduledEvent>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("YES", result.ReadOutputAs<string>());
        var history = await client.GetHistoryAsync(id);
        Assert.Equal("audit", Assert.Single(history.OfType<ExecutionSuspendedEvent>()).Reason);
        Assert.Equal("done", Assert.Single(history.OfType<ExecutionResumedEvent>()).Reason);
    }

    [Fact]
    public async Task ContinueAsNew_Counter_KeepsOnlyLastExecutionWithGeneration()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.Counter, 0);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
        var history = await client.GetHistoryAsync(result.InstanceId);
        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(3, started.Generation);
        Assert.Equal("3", started.Input);
        Assert.Equal("3", (await client.GetInstanceAsync(result.InstanceId, getInputsAndOutputs: true))?.SerializedInput);
    }

    [Theory]
    [InlineData(true, "kept")]
    [InlineData(false, "lost")]
    public async Task ContinueAsNew_UnconsumedEvent_CarriedOnlyWhenPreserved(bool preserve, string expected)
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.CarryEvents, preserve);

        await client.RaiseEventAsync(id, "keep", "kept");
        await client.RaiseEventAsync(id, "go", "now");
        var result = await WaitAsync(client, id);

        Assert.Equal(expected, result.ReadOutputAs<string>());
        var history = await client.GetHistoryAsync(id);
        Assert.Equal(1, Assert.Single(history.OfType<ExecutionStartedEvent>()).Generation);
        Assert.Equal(preserve ? 1 : 0, history.OfType<EventRaisedEvent>().Count(e => e.Name == "keep"));
    }

    [Fact]
    public async Task ContinueAsNew_LoopingWithoutWaiting_FailsInsteadOfSpinning()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.Spin, 0);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("ContinueAsNewLoop", result.FailureDetails?.ErrorType);
        Assert.Equal(OrchestrationWorkItemProcessor.MaxContinueAsNewPerEpisode + 1, Assert.Single((await client.GetHistoryAsync(result.InstanceId)).OfType<ExecutionStartedEvent>()).Generation);
    }
}
