using System.Net;
using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Tests.Support;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Functions.Tests.Functions;

public class DurableQueueFunctionTests
{
    private const string Pipeline = Augment.Pipeline.Orchestrations.AugmentDatasetOrchestrator.Name;

    [Fact]
    public async Task Pump_HostDeliversEveryMessage_RunCompletesWithOutputs()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "tiny/data.csv", SampleCsv.Make(200, 3));
        var started = await handler.Services.GetRequiredServiceOf<RunStarter>().StartForBlobAsync("datasets", "tiny/data.csv", "test");
        var pump = new QueuePump(handler.Queues, handler.InvokeAsync);

        await pump.RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(started.InstanceId))!.IsCompleted, TimeSpan.FromSeconds(90));

        var done = (await handler.Client.GetInstanceAsync(started.InstanceId, getInputsAndOutputs: true))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<AugmentResult>()!;
        Assert.True(result.SyntheticRows > 0);
        foreach (var file in WorkArea.OutputFiles)
        {
            Assert.NotNull(await handler.Blobs.GetPropertiesAsync(WorkArea.OutputContainer, WorkArea.OutputPrefix("tiny", started.InstanceId) + file));
        }

        Assert.Empty(pump.Poisoned);
    }

    [Fact]
    public async Task Pump_FanInDeliveredConcurrently_CompletionsOfOneInstanceDoNotRace()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "fan/data.csv", SampleCsv.Make(200, 6));
        await handler.UploadAsync("datasets", "fan/augment.json", "{\"rows\": 1200, \"shardSize\": 100}");
        var started = await handler.Services.GetRequiredServiceOf<RunStarter>().StartForBlobAsync("datasets", "fan/data.csv", "test");
        var pump = new QueuePump(handler.Queues, handler.InvokeAsync, parallel: true);

        await pump.RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(started.InstanceId))!.IsCompleted, TimeSpan.FromSeconds(90));

        var history = await handler.Client.GetHistoryAsync(started.InstanceId);
        Assert.True(history.OfType<TaskScheduledEvent>().Count(e => e.Name == ActivityNames.SampleShard) >= 10);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await handler.Client.GetInstanceAsync(started.InstanceId))!.RuntimeStatus);
        Assert.Equal(0, pump.Failed);
    }

    [Fact]
    public async Task Control_PlainEncodedStartMessage_RunsTheFirstEpisode()
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync(Pipeline, new AugmentRequest("x", "datasets", "x/a.csv", null, null, "test"), "plain-start");
        var (queue, message) = await ReceiveOneAsync(handler, handler.Backend.ControlQueueNames);
        var function = "DurableControl" + queue[^2..];

        using var response = await handler.InvokeAsync(function, HostPayloads.Queue("message", message.Text, message.DequeueCount, function, plain: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await handler.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(1, await handler.Queues.GetApproximateCountAsync(handler.Backend.WorkItemQueueName));
    }

    [Fact]
    public async Task Control_AnotherWorkerCommittedFirst_500SoTheHostRetries()
    {
        var (memoryBlobs, queues) = StorageClients.InMemory();
        var blobs = new InterferingBlobStore(memoryBlobs);
        await using var handler = await TestHandler.StartAsync(blobs, queues);
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync(Pipeline, new AugmentRequest("x", "datasets", "x/a.csv", null, null, "test"), "raced");
        var (queue, message) = await ReceiveOneAsync(handler, handler.Backend.ControlQueueNames);
        var function = "DurableControl" + queue[^2..];
        blobs.Container = "augment-history";

        using var lost = await handler.InvokeAsync(function, HostPayloads.Queue("message", message.Text, 1, function));
        using var retried = await handler.InvokeAsync(function, HostPayloads.Queue("message", message.Text, 2, function));

        Assert.Equal(1, blobs.Interferences);
        Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
        Assert.Contains("Retry", (await DatasetUploadedFunctionTests.AssertContractBodyAsync(lost)).GetProperty("Logs")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Theory]
    [InlineData(1, HttpStatusCode.InternalServerError)]
    // The engine (MessageTriage.MaxDeliveries, internal) gives up on a message at its 5th delivery.
    [InlineData(4, HttpStatusCode.InternalServerError)]
    [InlineData(5, HttpStatusCode.OK)]
    public async Task Control_CompletionBeforeItsHistory_RetriedThenDroppedAtTheEnginesLastDelivery(int dequeueCount, HttpStatusCode expected)
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync(Pipeline, new AugmentRequest("x", "datasets", "x/a.csv", null, null, "test"), "early");
        var (queue, start) = await ReceiveOneAsync(handler, handler.Backend.ControlQueueNames);
        var function = "DurableControl" + queue[^2..];
        using (var first = await handler.InvokeAsync(function, HostPayloads.Queue("message", start.Text, 1, function)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var executionId = (await handler.Backend.GetInstanceStateAsync(id))!.ExecutionId;
        var early = JsonSerializer.Serialize(new
        {
            InstanceId = id,
            ExecutionId = executionId,
            Event = new { EventType = "TaskCompleted", EventId = -1, Timestamp = "2026-11-21T22:00:00Z", TaskScheduledId = 7, Result = "1" },
        });

        using var response = await handler.InvokeAsync(function, HostPayloads.Queue("message", early, dequeueCount, function));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("DurableControl00", "this is not a task message")]
    [InlineData("DurableWorkItems", "{\"InstanceId\":\"a\",\"ExecutionId\":\"b\",\"Event\":{\"EventType\":\"ExecutionStarted\",\"EventId\":-1,\"Timestamp\":\"2026-11-21T22:00:00Z\",\"Name\":\"n\"}}")]
    public async Task Queue_UnreadableMessage_AcknowledgedSoItIsNotRetried(string function, string text)
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.InvokeAsync(function, HostPayloads.Queue("message", text, 1, function));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Unreadable", (await DatasetUploadedFunctionTests.AssertContractBodyAsync(response)).GetProperty("Logs")[0].GetString());
    }

    [Fact]
    public async Task Queue_NoMessageInData_400()
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.InvokeAsync("DurableWorkItems", "{\"Data\":{},\"Metadata\":{\"DequeueCount\":\"1\"}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<(string Queue, QueueMessage Message)> ReceiveOneAsync(TestHandler handler, IEnumerable<string> queues)
    {
        foreach (var queue in queues)
        {
            var received = await handler.Queues.ReceiveAsync(queue, 1, TimeSpan.FromMinutes(5));
            if (received.Count == 1)
            {
                return (queue, received[0]);
            }
        }

        throw new InvalidOperationException("No message in " + string.Join(", ", queues));
    }
}
