using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

public abstract partial class OrchestrationServiceConformanceTests
{
    [Fact]
    public async Task SubOrchestration_FanOutOfChildren_ParentGetsOutputsAndChildrenKnowTheirParent()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.Parent, new[] { "a", "b" }, "parent-1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["A", "B"], result.ReadOutputAs<List<string>>());
        var created = (await client.GetHistoryAsync("parent-1")).OfType<SubOrchestrationInstanceCreatedEvent>().ToList();
        Assert.Equal(["parent-1:0000", "parent-1:0001"], created.Select(c => c.InstanceId));
        var child = await client.GetInstanceAsync("parent-1:0001", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child?.RuntimeStatus);
        Assert.Equal("\"B\"", child?.SerializedOutput);
        var childStart = Assert.Single((await client.GetHistoryAsync("parent-1:0001")).OfType<ExecutionStartedEvent>());
        Assert.Equal("parent-1", childStart.ParentInstance?.InstanceId);
        Assert.Equal(1, childStart.ParentTaskScheduledId);
        Assert.Equal(2, (await client.GetHistoryAsync("parent-1")).OfType<SubOrchestrationInstanceCompletedEvent>().Count());
    }

    [Fact]
    public async Task SubOrchestration_ChildThrows_ParentCatchesTaskFailedExceptionWithChildFailure()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.ParentCatches, "explicit-child");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal($"{typeof(InvalidOperationException).FullName}|child broke", result.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await client.GetInstanceAsync("explicit-child"))?.RuntimeStatus);
        var failed = Assert.Single((await client.GetHistoryAsync(result.InstanceId)).OfType<SubOrchestrationInstanceFailedEvent>());
        Assert.Equal("child broke", failed.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task SubOrchestration_ParentRestartedUnderSameId_ChildrenRecreated()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        await RunAsync(client, FeatureOrchestrations.Parent, new[] { "x" }, "parent-2");
        var firstChildExecution = (await client.GetHistoryAsync("parent-2:0000")).OfType<ExecutionStartedEvent>().Single().OrchestrationInstance.ExecutionId;

        await client.RestartInstanceAsync("parent-2");
        var again = await WaitAsync(client, "parent-2");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, again.RuntimeStatus);
        Assert.Equal(["X"], again.ReadOutputAs<List<string>>());
        var childStart = Assert.Single((await client.GetHistoryAsync("parent-2:0000")).OfType<ExecutionStartedEvent>());
        Assert.NotEqual(firstChildExecution, childStart.OrchestrationInstance.ExecutionId);
    }

    [Fact]
    public async Task SubOrchestration_RetriedUnderExplicitId_ChildRecreatedAndSecondAttemptSucceeds()
    {
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures(attempts));
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.RetryChild, "flaky-child");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok after 2", result.ReadOutputAs<string>());
        var parent = await client.GetHistoryAsync(result.InstanceId);
        Assert.Equal(2, parent.OfType<SubOrchestrationInstanceCreatedEvent>().Count(e => e.InstanceId == "flaky-child"));
        Assert.Single(parent.OfType<SubOrchestrationInstanceFailedEvent>());
        Assert.Single(parent.OfType<TimerCreatedEvent>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.GetInstanceAsync("flaky-child"))?.RuntimeStatus);
        Assert.Empty((await client.GetHistoryAsync("flaky-child")).OfType<TaskFailedEvent>());
    }
}
