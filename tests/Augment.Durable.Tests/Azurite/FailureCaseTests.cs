using System.Text.Json;
using Augment.Durable.Tests.Fakes;
using Augment.Durable.Tests.Orchestrations;
using Augment.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable.Tests.Azurite;

/// <summary>Ports of the DTFx Azure Storage failure-case scenarios about durability, against a real Azurite.</summary>
[Collection(DurableAzuriteCollection.Name)]
public sealed class FailureCaseTests(DurableAzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private DurableTaskOptions Options(string hub) => new()
    {
        TaskHub = hub,
        PartitionCount = 2,
        MinPollingInterval = TimeSpan.FromMilliseconds(10),
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        DeferredMessageDelay = TimeSpan.FromMilliseconds(100),
        PartitionLeaseDuration = TimeSpan.FromSeconds(15),
    };

    /// <summary>TestWorkerFailingDuringCompleteWorkItemCall{Completed,Failed}Orchestration (+ LargeInputOutput): history
    /// committed, state write lost; the redelivered message repairs the state.</summary>
    [Theory]
    [InlineData(TestOrchestrations.OneActivity, 10, OrchestrationRuntimeStatus.Completed)]
    [InlineData(TestOrchestrations.OneActivity, 200_000, OrchestrationRuntimeStatus.Completed)]
    [InlineData(TestOrchestrations.UncaughtFailure, 10, OrchestrationRuntimeStatus.Failed)]
    public async Task Worker_FailsWritingFinalState_NextDeliveryRepairsStateFromHistory(string orchestrator, int inputLength, OrchestrationRuntimeStatus expected)
    {
        var hub = azurite.NewHub("repair");
        var options = Options(hub);
        FaultyBlobStore? faulty = null;
        var stateWrites = 0;
        var backend = azurite.NewBackend(options, blobs => faulty = new FaultyBlobStore(blobs)
        {
            // The worker's second state write for the instance is the final one (Running, then terminal).
            FailUpload = (container, _) => container == $"{hub}-instances" && Interlocked.Increment(ref stateWrites) == 2,
        });
        await using var _ = backend;
        await using var worker = new DurableTaskWorker(backend, new DurableTaskRegistry().AddCommon(), options);
        await worker.StartAsync();
        var client = new DurableTaskClient(azurite.NewBackend(options)) { MinPollingInterval = TimeSpan.FromMilliseconds(20) };
        var input = new string('i', inputLength);

        using var timeout = new CancellationTokenSource(Timeout);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, cancellationToken: timeout.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
        var history = await client.GetHistoryAsync(id, timeout.Token);

        Assert.Equal(1, faulty!.Failures);
        Assert.Equal(expected, done.RuntimeStatus);
        if (expected == OrchestrationRuntimeStatus.Completed)
        {
            Assert.Equal(input, done.ReadOutputAs<string>());
            Assert.Single(history.OfType<ExecutionCompletedEvent>());
        }
        else
        {
            Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails?.ErrorType);
            Assert.Single(history.OfType<ExecutionFailedEvent>());
        }
    }

    /// <summary>WorkerAttemptingToUpdateInstanceTableAfterStalling: a worker whose lock expired commits after another
    /// worker did; it loses on the history ETag and changes nothing.</summary>
    [Fact]
    public async Task StaleWorker_CommitsAfterStalling_LosesOnETagWithoutSideEffects()
    {
        var hub = azurite.NewHub("stale");
        var options = Options(hub);
        options.UsePartitionLeases = false; // the split brain leases normally prevent, forced
        options.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(1);
        await using var first = azurite.NewBackend(options);
        await using var second = azurite.NewBackend(options);
        await first.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddCommon();
        var processor = new OrchestrationWorkItemProcessor(registry, JsonDataConverter.Default, TimeProvider.System, NullLogger.Instance);
        var id = await new DurableTaskClient(first).ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v", "stalled");

        var stale = await first.LockNextOrchestrationWorkItemAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.2)); // the lock (visibility timeout) lapses while "stalled"
        var fresh = await second.LockNextOrchestrationWorkItemAsync();
        var freshCommitted = await processor.ProcessAsync(second, fresh!, CancellationToken.None);
        var staleCommitted = await processor.ProcessAsync(first, stale!, CancellationToken.None);

        Assert.Equal(id, fresh?.InstanceId);
        Assert.True(freshCommitted);
        Assert.False(staleCommitted);
        var history = await first.GetHistoryAsync(id);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Single(history.OfType<TaskScheduledEvent>());

        // The stale worker had already sent its activity message (outbound before commit): the activity runs twice,
        // and the second completion is dropped as a duplicate.
        Assert.Equal(2, await CountAsync(hub + "-workitems"));
        await using (var worker = new DurableTaskWorker(second, registry, options))
        {
            await worker.StartAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            var done = await new DurableTaskClient(second).WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
            Assert.Equal("v", done.ReadOutputAs<string>());
            while (await CountAsync(hub + "-workitems") > 0 || await CountAsync(hub + "-control-00") + await CountAsync(hub + "-control-01") > 0)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        var final = await first.GetHistoryAsync(id);
        Assert.Single(final.OfType<TaskCompletedEvent>());
        Assert.Single(final.OfType<ExecutionCompletedEvent>());
    }

    /// <summary>Large*MessagePayloads: a 1 MB activity output travels through gzip blobs, transparently.</summary>
    [Fact]
    public async Task Activity_OneMegabyteOutput_RoundTripsThroughLargeMessageBlobs()
    {
        var hub = azurite.NewHub("large");
        var options = Options(hub);
        await using var backend = azurite.NewBackend(options);
        var registry = new DurableTaskRegistry()
            .AddActivity<int, string>("Big", (_, size) => string.Create(size, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('a' + (i * 7 % 26));
                }
            }))
            .AddOrchestrator<int, string>("BigOutput", (context, size) => context.CallActivityAsync<string>("Big", size));
        await using var worker = new DurableTaskWorker(backend, registry, options);
        await worker.StartAsync();
        var client = new DurableTaskClient(backend) { MinPollingInterval = TimeSpan.FromMilliseconds(20) };

        using var timeout = new CancellationTokenSource(Timeout);
        var id = await client.ScheduleNewOrchestrationInstanceAsync("BigOutput", 1_000_000, cancellationToken: timeout.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);

        var output = done.ReadOutputAs<string>();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1_000_000, output?.Length);
        Assert.Equal('h', output![1]);
        var (blobs, _) = StorageClients.FromConnectionString(azurite.ConnectionString);
        var names = (await blobs.ListPageAsync(backend.LargeMessagesContainerName, id + "/")).Items.Select(b => b.Name).ToList();
        Assert.Contains(names, n => n.Contains("/message-", StringComparison.Ordinal) && n.Contains("TaskCompleted", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("/history-", StringComparison.Ordinal) && n.Contains("TaskCompleted", StringComparison.Ordinal));
        var historyBlob = await blobs.GetPropertiesAsync($"{hub}-history", id);
        Assert.True(historyBlob!.ContentLength < 10_000, $"history blob is {historyBlob.ContentLength} bytes");
        Assert.Equal(output, JsonSerializer.Deserialize<string>((await client.GetHistoryAsync(id)).OfType<TaskCompletedEvent>().Single().Result!));
    }

    /// <summary>Poison: an episode that fails every time (its history write fails) is retried five times; the sixth
    /// delivery parks the message in the poison queue and fails the instance, naming the message.</summary>
    [Fact]
    public async Task Episode_FailingOnEveryDelivery_ParkedInPoisonQueueAndInstanceFailed()
    {
        var hub = azurite.NewHub("poison");
        var options = Options(hub);
        FaultyBlobStore? faulty = null;
        var backend = azurite.NewBackend(options, blobs => faulty = new FaultyBlobStore(blobs));
        faulty!.FailUpload = (container, name) => container == $"{hub}-history" && name == "doomed" && faulty.Failures < 5;
        await using var _ = backend;
        await using var worker = new DurableTaskWorker(backend, new DurableTaskRegistry().AddCommon(), options);
        await worker.StartAsync();
        var client = new DurableTaskClient(backend) { MinPollingInterval = TimeSpan.FromMilliseconds(20) };

        using var timeout = new CancellationTokenSource(Timeout);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(TestOrchestrations.OneActivity, "v", "doomed", timeout.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);

        Assert.Equal(5, faulty.Failures);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(AzureStorageOrchestrationService.PoisonMessageErrorType, done.FailureDetails?.ErrorType);
        Assert.Matches(@"^Message [0-9a-f-]+ \(ExecutionStarted\) on queue 'poison\d+-control-0\d' was dequeued 6 times \(limit 5\); moved to 'poison\d+-poison'\.$", done.FailureDetails!.ErrorMessage);
        Assert.Equal(1, await CountAsync(backend.PoisonQueueName));
    }

    private async Task<int> CountAsync(string queue)
    {
        var (_, queues) = StorageClients.FromConnectionString(azurite.ConnectionString);
        return await queues.GetApproximateCountAsync(queue);
    }
}
