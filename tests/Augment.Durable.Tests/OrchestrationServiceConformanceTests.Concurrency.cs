using Augment.Durable.Tests.Fakes;
using Augment.Durable.Tests.Orchestrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable.Tests;

public abstract partial class OrchestrationServiceConformanceTests
{
    private protected static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Completion_DeliveredTwice_SecondIsDropped()
    {
        var time = new ManualTimeProvider(Epoch);
        var options = FastOptions();
        options.DeferredMessageDelay = TimeSpan.Zero;
        var (service, _) = CreateServices(options, time);
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddCommon();
        var id = await new DurableTaskClient(service, timeProvider: time).ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v");
        var processor = NewProcessor(registry, time);
        await processor.ProcessAsync(service, (await service.LockNextOrchestrationWorkItemAsync())!, CancellationToken.None);
        var executionId = (await service.GetInstanceStateAsync(id))!.ExecutionId;

        await service.SendTaskMessageAsync(Completion(id, executionId, "\"first\""));
        await DrainOrchestrationsAsync(service, processor);
        await service.SendTaskMessageAsync(Completion(id, executionId, "\"second\""));
        await DrainOrchestrationsAsync(service, processor);

        var history = await service.GetHistoryAsync(id);
        Assert.Equal("\"first\"", Assert.Single(history.OfType<TaskCompletedEvent>()).Result);
        Assert.Equal("\"first\"", (await service.GetInstanceStateAsync(id))?.Output);
        Assert.Null(await service.LockNextOrchestrationWorkItemAsync());
    }

    [Fact]
    public async Task Completion_SameBatchTwice_AppliedOnce()
    {
        var time = new ManualTimeProvider(Epoch);
        var (service, _) = CreateServices(FastOptions(), time);
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddCommon();
        var id = await new DurableTaskClient(service, timeProvider: time).ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.FanOut, 2);
        var processor = NewProcessor(registry, time);
        await processor.ProcessAsync(service, (await service.LockNextOrchestrationWorkItemAsync())!, CancellationToken.None);
        var executionId = (await service.GetInstanceStateAsync(id))!.ExecutionId;

        await service.SendTaskMessageAsync(Completion(id, executionId, "4", taskId: 0));
        await service.SendTaskMessageAsync(Completion(id, executionId, "9", taskId: 0));
        await DrainOrchestrationsAsync(service, processor);

        var history = await service.GetHistoryAsync(id);
        Assert.Equal("4", Assert.Single(history.OfType<TaskCompletedEvent>()).Result);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await service.GetInstanceStateAsync(id))?.RuntimeStatus);
    }

    [Fact]
    public async Task TwoWorkers_CompetingOnOneBackend_CompleteEveryInstanceExactlyOnce()
    {
        var options = FastOptions();
        var (first, second) = CreateServices(options, TimeProvider.System);
        var registry = new DurableTaskRegistry().AddCommon();
        await using var workerA = new DurableTaskWorker(first, registry, options);
        await using var workerB = new DurableTaskWorker(second, registry, options);
        await workerA.StartAsync();
        await workerB.StartAsync();
        var client = new DurableTaskClient(first) { MinPollingInterval = TimeSpan.FromMilliseconds(5) };
        using var timeout = new CancellationTokenSource(TestTimeout);

        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.FanOut, 5, $"compete-{i}", timeout.Token));
        }

        var results = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token)));

        Assert.All(results, r => Assert.Equal(30, r.ReadOutputAs<int>()));
        foreach (var id in ids)
        {
            var history = await client.GetHistoryAsync(id);
            Assert.Single(history.OfType<ExecutionStartedEvent>());
            Assert.Single(history.OfType<ExecutionCompletedEvent>());
            Assert.Equal(Enumerable.Range(0, 5), history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order());
        }
    }

    private protected static OrchestrationWorkItemProcessor NewProcessor(DurableTaskRegistry registry, TimeProvider time) =>
        new(registry, JsonDataConverter.Default, time, NullLogger.Instance);

    private protected static TaskMessage Completion(string id, string executionId, string result, int taskId = 0) =>
        new(id, executionId, new TaskCompletedEvent { TaskScheduledId = taskId, Result = result, Timestamp = Epoch });

    private protected static async Task DrainOrchestrationsAsync(IOrchestrationService service, OrchestrationWorkItemProcessor processor)
    {
        for (var i = 0; i < 20 && await service.LockNextOrchestrationWorkItemAsync() is { } item; i++)
        {
            await processor.ProcessAsync(service, item, CancellationToken.None);
        }
    }

    /// <summary>Runs activities and episodes step by step until nothing is left.</summary>
    private protected static async Task DrainAsync(IOrchestrationService service, DurableTaskRegistry registry, TimeProvider time)
    {
        var processor = NewProcessor(registry, time);
        var activities = new ActivityWorkItemProcessor(registry, JsonDataConverter.Default, FastOptions(), time, NullLogger.Instance);
        for (var round = 0; round < 20; round++)
        {
            var progressed = false;
            while (await service.LockNextActivityWorkItemAsync() is { } activity)
            {
                await activities.ProcessAsync(service, activity, CancellationToken.None);
                progressed = true;
            }

            while (await service.LockNextOrchestrationWorkItemAsync() is { } item)
            {
                await processor.ProcessAsync(service, item, CancellationToken.None);
                progressed = true;
            }

            if (!progressed)
            {
                return;
            }
        }
    }
}
