using Augment.Durable.TestWorker;
using Augment.Storage;
using Xunit.Abstractions;

namespace Augment.Durable.Tests.Azurite;

/// <summary>Azurite persisted to a folder is stopped mid-run and started again on the same folder and ports: the
/// worker rides out the outage (polls fail and back off; unfinished work items come back after their visibility
/// timeout) and every run completes with the right output.</summary>
public sealed class AzuriteRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("azurite-persisted-").FullName;

    [Fact]
    public async Task Runs_AzuriteRestartedMidRun_ResumeAndComplete()
    {
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions { Location = _location });
        try
        {
            var options = new DurableTaskOptions
            {
                TaskHub = "restart",
                MinPollingInterval = TimeSpan.FromMilliseconds(10),
                MaxPollingInterval = TimeSpan.FromMilliseconds(500),
                ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(5),
                WorkItemVisibilityTimeout = TimeSpan.FromSeconds(5),
                PartitionLeaseDuration = TimeSpan.FromSeconds(15),
                MaxConcurrentActivities = 4,
            };
            var retries = new StorageClientOptions();
            retries.Retry.MaxRetries = 1;
            retries.Retry.Delay = TimeSpan.FromMilliseconds(100);
            var (blobs, queues) = StorageClients.FromConnectionString(emulator.ConnectionString, retries);
            await using var backend = new AzureStorageOrchestrationService(blobs, queues, options);
            var registry = new DurableTaskRegistry().AddWorkerOrchestrations(TimeSpan.FromMilliseconds(100));
            await using var worker = new DurableTaskWorker(backend, registry, options);
            await worker.StartAsync();
            var client = new DurableTaskClient(backend) { MinPollingInterval = TimeSpan.FromMilliseconds(50) };
            var ids = new List<string>();
            for (var seed = 0; seed < 4; seed++)
            {
                ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(WorkerOrchestrations.FanOutFanIn, new FanOutInput(seed, 12), $"run-{seed}"));
            }

            // Let the runs get going, then restart Azurite under them.
            var started = DateTime.UtcNow;
            while ((await client.GetHistoryAsync(ids[0])).OfType<TaskCompletedEvent>().Count() < 2 && DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            var progress = (await client.GetHistoryAsync(ids[0])).OfType<TaskCompletedEvent>().Count();
            var (blobPort, queuePort) = (emulator.BlobEndpoint.Port, emulator.QueueEndpoint.Port);
            await emulator.StopAsync(graceful: true);
            await Task.Delay(TimeSpan.FromSeconds(1));
            emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions { Location = _location, BlobPort = blobPort, QueuePort = queuePort });

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            foreach (var (id, seed) in ids.Select((id, seed) => (id, seed)))
            {
                var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
                Assert.Equal(Enumerable.Range(0, 12).Select(i => WorkerOrchestrations.Mix(seed, i)), done.ReadOutputAs<long[]>()!);
                CrashRecoveryTests.AssertEveryTaskCompletedOnce(await client.GetHistoryAsync(id, timeout.Token));
            }

            output.WriteLine($"restarted after {progress} of 12 completions of run-0; all 4 runs completed");
        }
        finally
        {
            await emulator.DisposeAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
