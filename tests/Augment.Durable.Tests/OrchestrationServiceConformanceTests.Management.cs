using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

public abstract partial class OrchestrationServiceConformanceTests
{
    [Fact]
    public async Task Terminate_RunningInstance_TerminatedWithReasonAsOutput()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Approval);
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(id))?.SerializedCustomStatus is not null, "the instance waits");

        await client.TerminateInstanceAsync(id, "no longer needed");
        var result = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("no longer needed", result.ReadOutputAs<string>());
        await Assert.ThrowsAsync<InstanceNotActiveException>(() => client.TerminateInstanceAsync(id));
        await Assert.ThrowsAsync<InstanceNotActiveException>(() => client.SuspendInstanceAsync(id));
        var last = (await client.GetHistoryAsync(id))[^1];
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, Assert.IsType<ExecutionCompletedEvent>(last).OrchestrationStatus);
    }

    [Fact]
    public async Task Terminate_PendingInstance_CodeNeverRuns()
    {
        var options = FastOptions();
        var (service, _) = CreateServices(options, TimeProvider.System);
        await service.CreateIfNotExistsAsync();
        var client = new DurableTaskClient(service) { MinPollingInterval = TimeSpan.FromMilliseconds(5) };
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v");

        await client.TerminateInstanceAsync(id, "cancelled before start");
        await using var worker = new DurableTaskWorker(service, new DurableTaskRegistry().AddCommon(), options);
        await worker.StartAsync();
        var result = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        var history = await client.GetHistoryAsync(id);
        Assert.Empty(history.OfType<ExecutionStartedEvent>());
        Assert.Empty(history.OfType<TaskScheduledEvent>());
        Assert.Single(history.OfType<ExecutionTerminatedEvent>());
        Assert.Equal(TestOrchestrations.OneActivity, result.Name);
    }

    [Fact]
    public async Task Terminate_SuspendedInstance_Terminated()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Approval);
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(id))?.SerializedCustomStatus is not null, "the instance waits");
        await client.SuspendInstanceAsync(id);
        await WaitUntilAsync(async () => (await client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");

        await client.TerminateInstanceAsync(id, "stop");
        var result = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
    }

    [Fact]
    public async Task Purge_FinishedMissingAndRunningInstances_DeletesOnlyFinished()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon().AddFeatures());
        await using var _ = worker;
        var done = await RunAsync(client, TestOrchestrations.OneActivity, "v");
        var running = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Approval);

        var purged = await client.PurgeInstanceAsync(done.InstanceId);
        var again = await client.PurgeInstanceAsync(done.InstanceId);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Equal(0, again.PurgedInstanceCount);
        Assert.Null(await client.GetInstanceAsync(done.InstanceId));
        Assert.Empty(await client.GetHistoryAsync(done.InstanceId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PurgeInstanceAsync(running));
        Assert.NotNull(await client.GetInstanceAsync(running));
    }

    [Fact]
    public async Task PurgeInstances_ByCreatedRangeAndStatus_DeletesMatchesOnly()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;
        var ok = await RunAsync(client, TestOrchestrations.OneActivity, "a", "purge-ok");
        var bad = await RunAsync(client, TestOrchestrations.UncaughtFailure, "b", "purge-bad");

        var none = await client.PurgeInstancesAsync(new PurgeInstancesFilter(ok.CreatedAt.AddHours(1)));
        var failedOnly = await client.PurgeInstancesAsync(new PurgeInstancesFilter(ok.CreatedAt.AddMinutes(-1), RuntimeStatus: [OrchestrationRuntimeStatus.Failed]));

        Assert.Equal(0, none.PurgedInstanceCount);
        Assert.Equal(1, failedOnly.PurgedInstanceCount);
        Assert.Null(await client.GetInstanceAsync(bad.InstanceId));
        Assert.NotNull(await client.GetInstanceAsync(ok.InstanceId));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PurgeInstancesAsync(new PurgeInstancesFilter(ok.CreatedAt, RuntimeStatus: [OrchestrationRuntimeStatus.Running])));
    }

    [Fact]
    public async Task Restart_SameIdAndNewId_RunsAgainWithSameInput()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon().AddFeatures());
        await using var _ = worker;
        var first = await RunAsync(client, TestOrchestrations.OneActivity, "same input", "restart-me");
        var firstExecution = (await client.GetHistoryAsync("restart-me")).OfType<ExecutionStartedEvent>().Single().OrchestrationInstance.ExecutionId;

        var sameId = await client.RestartInstanceAsync("restart-me");
        var rerun = await WaitAsync(client, sameId);
        var newId = await client.RestartInstanceAsync("restart-me", restartWithNewInstanceId: true);
        var copy = await WaitAsync(client, newId);

        Assert.Equal("restart-me", sameId);
        Assert.NotEqual("restart-me", newId);
        Assert.Equal(first.ReadOutputAs<string>(), rerun.ReadOutputAs<string>());
        Assert.Equal("same input", copy.ReadOutputAs<string>());
        var history = await client.GetHistoryAsync("restart-me");
        Assert.NotEqual(firstExecution, Assert.Single(history.OfType<ExecutionStartedEvent>()).OrchestrationInstance.ExecutionId);
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => client.RestartInstanceAsync("never-existed"));
        var waiting = await client.ScheduleNewOrchestrationInstanceAsync(FeatureOrchestrations.Approval, instanceId: "still-running");
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.RestartInstanceAsync(waiting));
    }

    [Fact]
    public async Task ScheduleNew_FinishedInstanceIdReused_RecreatesWithFreshHistory()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;
        await RunAsync(client, TestOrchestrations.UncaughtFailure, "boom", "recreate-me");

        var second = await RunAsync(client, TestOrchestrations.OneActivity, "fine", "recreate-me");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        var history = await client.GetHistoryAsync("recreate-me");
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Empty(history.OfType<TaskFailedEvent>());
    }

    [Fact]
    public async Task ListInstances_PagedByTwo_VisitsEveryMatchOnceInIdOrder()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;
        for (var i = 4; i >= 0; i--)
        {
            await RunAsync(client, TestOrchestrations.OneActivity, "v", $"page-{i}");
        }

        await RunAsync(client, TestOrchestrations.OneActivity, "v", "other");
        var seen = new List<string>();
        var pages = 0;
        var query = new InstanceQuery { InstanceIdPrefix = "page-", PageSize = 2 };
        do
        {
            var page = await client.ListInstancesAsync(query);
            seen.AddRange(page.Instances.Select(m => m.InstanceId));
            pages++;
            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], seen);
        Assert.Equal(3, pages);
        var all = await client.ListInstancesAsync(new InstanceQuery { InstanceIdPrefix = "page-" });
        var future = await client.ListInstancesAsync(new InstanceQuery { CreatedFrom = all.Instances.Max(m => m.CreatedAt).AddSeconds(1) });
        var range = await client.ListInstancesAsync(new InstanceQuery { CreatedTo = all.Instances.Min(m => m.CreatedAt).AddTicks(1) });
        Assert.Empty(future.Instances);
        Assert.Contains("page-4", range.Instances.Select(m => m.InstanceId));
        Assert.DoesNotContain("other", range.Instances.Select(m => m.InstanceId));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ListInstancesAsync(new InstanceQuery { ContinuationToken = "!!not-a-token" }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ListInstancesAsync(new InstanceQuery { PageSize = 0 }));
    }

    [Fact]
    public async Task FireAndForget_ActivityNotAwaited_StillRunsAfterInstanceCompletes()
    {
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures(attempts));
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.FireAndForget, "done");
        await WaitUntilAsync(() => Task.FromResult(attempts.ContainsKey(result.InstanceId)), "the activity ran");

        Assert.Equal("done", result.ReadOutputAs<string>());
        Assert.Equal(1, attempts[result.InstanceId]);
        var history = await client.GetHistoryAsync(result.InstanceId);
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.IsType<ExecutionCompletedEvent>(history[^1]);
    }
}
