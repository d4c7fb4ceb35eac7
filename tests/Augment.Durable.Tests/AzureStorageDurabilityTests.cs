using Augment.Durable.Tests.Fakes;
using Augment.Durable.Tests.Orchestrations;
using Augment.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable.Tests;

/// <summary>Poison messages, large payloads and early messages on the Azure Storage backend over in-memory stores,
/// driven one work item at a time.</summary>
public sealed class AzureStorageDurabilityTests
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Epoch);
    private readonly InMemoryBlobStore _blobs;
    private readonly InMemoryQueueStore _queues;
    private readonly AzureStorageOrchestrationService _service;
    private readonly DurableTaskRegistry _registry = new DurableTaskRegistry().AddCommon();

    public AzureStorageDurabilityTests()
    {
        _blobs = new InMemoryBlobStore(_time);
        _queues = new InMemoryQueueStore(_time);
        _service = new AzureStorageOrchestrationService(_blobs, _queues, new DurableTaskOptions
        {
            TaskHub = "hub",
            PartitionCount = 1,
            UsePartitionLeases = false,
            DeferredMessageDelay = TimeSpan.Zero,
        });
    }

    [Fact]
    public async Task LockNext_ControlMessageAbandonedFiveTimes_SixthDeliveryGoesToPoisonAndInstanceFails()
    {
        await _service.CreateIfNotExistsAsync();
        var id = await Client().ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v", "poisoned");

        for (var delivery = 1; delivery <= 5; delivery++)
        {
            var item = await _service.LockNextOrchestrationWorkItemAsync();
            Assert.Equal(delivery, Assert.Single(item!.NewMessages).DequeueCount);
            await _service.AbandonOrchestrationWorkItemAsync(item);
        }

        var sixth = await _service.LockNextOrchestrationWorkItemAsync();

        Assert.Null(sixth);
        Assert.Equal(1, await _queues.GetApproximateCountAsync(_service.PoisonQueueName));
        Assert.Equal(0, await _queues.GetApproximateCountAsync(_service.ControlQueueNames[0]));
        var state = await _service.GetInstanceStateAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, state?.RuntimeStatus);
        Assert.Equal(AzureStorageOrchestrationService.PoisonMessageErrorType, state?.FailureDetails?.ErrorType);
        Assert.Contains("(ExecutionStarted) on queue 'hub-control-00' was dequeued 6 times (limit 5)", state?.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.IsType<ExecutionFailedEvent>(Assert.Single(await _service.GetHistoryAsync(id)));
    }

    [Fact]
    public async Task LockNextActivity_ActivityMessageRedeliveredPastLimit_GoesToPoisonAndInstanceFails()
    {
        await _service.CreateIfNotExistsAsync();
        var id = await Client().ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v", "poisoned-activity");
        await Processor().ProcessAsync(_service, (await _service.LockNextOrchestrationWorkItemAsync())!, CancellationToken.None);

        for (var delivery = 1; delivery <= 5; delivery++)
        {
            var activity = await _service.LockNextActivityWorkItemAsync();
            Assert.Equal(delivery, activity!.Message.DequeueCount);
            await _service.AbandonActivityWorkItemAsync(activity);
        }

        var sixth = await _service.LockNextActivityWorkItemAsync();

        Assert.Null(sixth);
        Assert.Equal(1, await _queues.GetApproximateCountAsync(_service.PoisonQueueName));
        var state = await _service.GetInstanceStateAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, state?.RuntimeStatus);
        Assert.Contains("(TaskScheduled) on queue 'hub-workitems'", state?.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        var history = await _service.GetHistoryAsync(id);
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Empty(history.OfType<TaskCompletedEvent>());
        Assert.IsType<ExecutionFailedEvent>(history[^1]);
    }

    [Fact]
    public async Task LockNext_CompletionWithNoTaskScheduledInHistory_DroppedAtFifthDeliveryNotPoison()
    {
        await _service.CreateIfNotExistsAsync();
        var id = await Client().ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v", "orphan");
        var processor = Processor();
        await processor.ProcessAsync(_service, (await _service.LockNextOrchestrationWorkItemAsync())!, CancellationToken.None);
        var executionId = (await _service.GetInstanceStateAsync(id))!.ExecutionId;
        await _service.SendTaskMessageAsync(new TaskMessage(id, executionId, new TaskCompletedEvent { TaskScheduledId = 7, Result = "1", Timestamp = Epoch }));

        var rounds = 0;
        while (await _service.LockNextOrchestrationWorkItemAsync() is { } item)
        {
            await processor.ProcessAsync(_service, item, CancellationToken.None);
            rounds++;
        }

        Assert.Equal(5, rounds);
        Assert.Equal(0, await _queues.GetApproximateCountAsync(_service.PoisonQueueName));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _service.GetInstanceStateAsync(id))?.RuntimeStatus);
        Assert.DoesNotContain(await _service.GetHistoryAsync(id), e => e is TaskCompletedEvent);
    }

    [Fact]
    public async Task SendTaskMessage_PayloadOverThreshold_QueueCarriesBlobReferenceAndLockExpandsIt()
    {
        await _service.CreateIfNotExistsAsync();
        var big = new string('x', 100_000);
        await _service.SendTaskMessageAsync(new TaskMessage("big-1", "e1", new EventRaisedEvent { Name = "n", Input = big, Timestamp = Epoch }));

        var raw = Assert.Single(await _queues.ReceiveAsync(_service.ControlQueueNames[0], 1, TimeSpan.FromSeconds(1)));
        _time.Advance(TimeSpan.FromSeconds(2));
        var item = await _service.LockNextOrchestrationWorkItemAsync(); // no state yet: deferred, but expanded

        Assert.StartsWith("{\"CompressedBlobName\":\"big-1/message-", raw.Text, StringComparison.Ordinal);
        Assert.True(raw.Text.Length < 200);
        var blob = Assert.Single((await _blobs.ListPageAsync(_service.LargeMessagesContainerName, "big-1/")).Items);
        Assert.True(blob.ContentLength < 2_000, $"gzip of 100 KB of 'x' took {blob.ContentLength} bytes");
        Assert.Equal(big, ((EventRaisedEvent)Assert.Single(item!.NewMessages).Message.Event).Input);
    }

    [Fact]
    public async Task Episode_LargeActivityInputAndOutput_HistoryReferencesBlobsAndReadsBackWhole()
    {
        var options = new DurableTaskOptions { TaskHub = "hub", PartitionCount = 1, UsePartitionLeases = false, MinPollingInterval = TimeSpan.FromMilliseconds(2), MaxPollingInterval = TimeSpan.FromMilliseconds(10) };
        var blobs = new InMemoryBlobStore();
        var service = new AzureStorageOrchestrationService(blobs, new InMemoryQueueStore(), options);
        await using var worker = new DurableTaskWorker(service, _registry, options);
        await worker.StartAsync();
        var client = new DurableTaskClient(service) { MinPollingInterval = TimeSpan.FromMilliseconds(5) };
        var big = string.Concat(Enumerable.Range(0, 20_000).Select(i => i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, big, "echo-big", timeout.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
        var history = await client.GetHistoryAsync(id);
        await using var rawHistory = await blobs.OpenReadAsync("hub-history", id);
        var historyBytes = await new StreamReader(rawHistory!.Content).ReadToEndAsync();
        var offloaded = (await blobs.ListPageAsync(service.LargeMessagesContainerName, id + "/history-")).Items.Select(b => b.Name).ToList();

        Assert.True(historyBytes.Length < 5_000, $"history blob is {historyBytes.Length} chars");
        // Each large event uploaded once, although the history was rewritten in three episodes.
        string[] types = ["ExecutionStarted", "TaskScheduled", "TaskCompleted", "ExecutionCompleted"];
        Assert.Equal(types.Order(), offloaded.Select(n => n.Split('-')[3]).Order());
        Assert.Equal(big, done.ReadOutputAs<string>());
        Assert.Equal(big, System.Text.Json.JsonSerializer.Deserialize<string>(history.OfType<TaskScheduledEvent>().Single().Input!));
        Assert.Equal(big, System.Text.Json.JsonSerializer.Deserialize<string>(history.OfType<TaskCompletedEvent>().Single().Result!));
    }

    private DurableTaskClient Client() => new(_service, timeProvider: _time);

    private OrchestrationWorkItemProcessor Processor() => new(_registry, JsonDataConverter.Default, _time, NullLogger.Instance);
}
