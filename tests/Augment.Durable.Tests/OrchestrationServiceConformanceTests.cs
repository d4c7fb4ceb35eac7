using System.Collections.Concurrent;
using Augment.Durable.Tests.Fakes;
using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

/// <summary>
/// One behavioural suite run against every backend: end-to-end through a worker and a client, plus the
/// concurrency cases (stale worker, duplicates, competing workers) driven step by step.
/// </summary>
public abstract partial class OrchestrationServiceConformanceTests
{
    private protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Two services over the same storage, as two worker processes would have.</summary>
    private protected abstract (IOrchestrationService First, IOrchestrationService Second) CreateServices(DurableTaskOptions options, TimeProvider timeProvider);

    private protected static DurableTaskOptions FastOptions() => new()
    {
        TaskHub = "testhub",
        MinPollingInterval = TimeSpan.FromMilliseconds(2),
        MaxPollingInterval = TimeSpan.FromMilliseconds(20),
        DeferredMessageDelay = TimeSpan.FromMilliseconds(10),
        MaxConcurrentActivities = 4,
        MaxConcurrentOrchestrations = 2,
    };

    [Fact]
    public async Task Sequence_ThreeActivities_CompletesWithOutputsAndEpisodeHistory()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;

        var result = await RunAsync(client, TestOrchestrations.Sequence, new[] { "Tokyo", "Seattle", "London" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], result.ReadOutputAs<List<string>>());
        var types = (await client.GetHistoryAsync(result.InstanceId)).Select(e => e.EventType).ToList();
        EventType[] expected =
        [
            EventType.OrchestratorStarted, EventType.ExecutionStarted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
            EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
            EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
            EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.OrchestratorCompleted, EventType.ExecutionCompleted,
        ];
        Assert.Equal(expected, types);
    }

    [Fact]
    public async Task FanOut_TwentyActivities_AllScheduledOnceAndResultsJoined()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;

        var result = await RunAsync(client, TestOrchestrations.FanOut, 20);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 20).Sum(i => i * i), result.ReadOutputAs<int>());
        var history = await client.GetHistoryAsync(result.InstanceId);
        Assert.Equal(Enumerable.Range(0, 20), history.OfType<TaskScheduledEvent>().Select(e => e.EventId).Order());
        Assert.Equal(Enumerable.Range(0, 20), history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order());
    }

    [Fact]
    public async Task ActivityFailure_CaughtByOrchestrator_CompletesWithFailureDetails()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;

        var result = await RunAsync(client, TestOrchestrations.CatchFailure, "kaput");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("System.InvalidOperationException:kaput", result.ReadOutputAs<string>());
        var failed = Assert.Single((await client.GetHistoryAsync(result.InstanceId)).OfType<TaskFailedEvent>());
        Assert.Equal("kaput", failed.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task ActivityFailure_Uncaught_InstanceFailedWithInnerFailure()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;

        var result = await RunAsync(client, TestOrchestrations.UncaughtFailure, "kaput");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var failure = Assert.IsType<FailureDetails>(result.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.InnerFailure?.ErrorType);
        Assert.True(failure.IsCausedBy<InvalidOperationException>());
        Assert.IsType<ExecutionFailedEvent>((await client.GetHistoryAsync(result.InstanceId))[^1]);
    }

    [Fact]
    public async Task CustomStatus_WhileActivityRuns_VisibleToClient()
    {
        var gate = new TaskCompletionSource();
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCustomStatus(gate.Task));
        await using var _ = worker;
        using var timeout = new CancellationTokenSource(TestTimeout);
        var id = await client.ScheduleNewOrchestrationInstanceAsync("CustomStatus", "v1", cancellationToken: timeout.Token);

        OrchestrationMetadata? running;
        do
        {
            await Task.Delay(5, timeout.Token);
            running = await client.GetInstanceAsync(id, cancellationToken: timeout.Token);
        }
        while (running?.SerializedCustomStatus is null);
        gate.SetResult();
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);
        Assert.Equal("waiting", running.ReadCustomStatusAs<StatusProbe>()?.Step);
        Assert.Equal("done", done.ReadCustomStatusAs<StatusProbe>()?.Step);
        Assert.Equal("v1", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task NewGuidAndCurrentUtcDateTime_AcrossReplays_AreStable()
    {
        var seen = new ConcurrentQueue<(Guid Guid, DateTime Time)>();
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddDeterminismProbe(seen));
        await using var _ = worker;

        var result = await RunAsync(client, "Probe", null);

        var output = result.ReadOutputAs<string[]>()!;
        var starts = (await client.GetHistoryAsync(result.InstanceId)).OfType<OrchestratorStartedEvent>().ToList();
        Assert.Equal(2, seen.Count);
        Assert.Single(seen.Distinct());
        Assert.Equal(seen.First().Guid.ToString(), output[0]);
        Assert.NotEqual(output[0], output[1]);
        Assert.Equal(starts[0].Timestamp.UtcDateTime, DateTime.Parse(output[2], null, System.Globalization.DateTimeStyles.RoundtripKind));
        Assert.Equal(starts[1].Timestamp.UtcDateTime, DateTime.Parse(output[3], null, System.Globalization.DateTimeStyles.RoundtripKind));
    }

    [Fact]
    public async Task Replay_SchedulesDifferentActivity_FailsWithNonDeterminismMessage()
    {
        var next = new StrongBox<string>("A");
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddShapeShifter(next));
        await using var _ = worker;

        var result = await RunAsync(client, "ShapeShifter", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var failure = result.FailureDetails!;
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("sequence ID 0", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Expected activity 'A', actual activity 'B'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(failure.IsNonRetriable);
    }

    [Fact]
    public async Task ScheduleNew_ActiveInstanceIdTaken_Throws()
    {
        var (service, _) = CreateServices(FastOptions(), TimeProvider.System);
        await service.CreateIfNotExistsAsync();
        var client = new DurableTaskClient(service);
        await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "x", "same-id");

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "y", "same-id"));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await client.GetInstanceAsync("same-id"))?.RuntimeStatus);
    }

    [Fact]
    public async Task ListInstances_ByStatusAndPrefix_ReturnsMatchesOnly()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddCommon());
        await using var _ = worker;
        await RunAsync(client, TestOrchestrations.OneActivity, "a", "run-ok");
        await RunAsync(client, TestOrchestrations.UncaughtFailure, "b", "run-bad");
        await RunAsync(client, TestOrchestrations.OneActivity, "c", "other-ok");

        var completedRuns = await client.ListInstancesAsync(new InstanceQuery { InstanceIdPrefix = "run-", RuntimeStatus = [OrchestrationRuntimeStatus.Completed] });
        var all = await client.ListInstancesAsync();

        Assert.Equal(["run-ok"], completedRuns.Instances.Select(m => m.InstanceId));
        Assert.Equal(["other-ok", "run-bad", "run-ok"], all.Instances.Select(m => m.InstanceId));
        Assert.Null(all.ContinuationToken);
    }

    private sealed record StatusProbe(string Step, string Value);

    private protected async Task<(DurableTaskClient Client, DurableTaskWorker Worker)> StartAsync(DurableTaskRegistry registry)
    {
        var options = FastOptions();
        var (service, _) = CreateServices(options, TimeProvider.System);
        var worker = new DurableTaskWorker(service, registry, options);
        await worker.StartAsync();
        return (new DurableTaskClient(service) { MinPollingInterval = TimeSpan.FromMilliseconds(5) }, worker);
    }

    private protected static async Task<OrchestrationMetadata> RunAsync(DurableTaskClient client, string name, object? input, string? instanceId = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, instanceId, timeout.Token);
        return await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
    }

    private protected static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        return await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds (fails the test after the test timeout).</summary>
    private protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
        }
    }

    /// <summary>Waits until the instance's history holds an event of type <typeparamref name="T"/>.</summary>
    private protected static Task WaitForHistoryAsync<T>(DurableTaskClient client, string id, int count = 1) where T : HistoryEvent =>
        WaitUntilAsync(async () => (await client.GetHistoryAsync(id)).OfType<T>().Count() >= count, $"{id} has {count} {typeof(T).Name}");
}
