using Augment.Durable.TestWorker;
using Augment.Storage;
using Xunit.Abstractions;

namespace Augment.Durable.Tests.Azurite;

/// <summary>Three worker processes share 200 instances; one is killed midway and the survivors take its partitions.</summary>
[Collection(DurableAzuriteCollection.Name)]
public sealed class ScaleOutTests(DurableAzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Instances = 200;
    private const int PartitionCount = 4;

    [Fact]
    public async Task ThreeWorkers_TwoHundredInstances_OneKilled_PartitionsRebalanceAndEachCompletesOnce()
    {
        var hub = azurite.NewHub("scale");
        string[] settings = ["--lease-seconds", "15", "--visibility-seconds", "5", "--max-dequeue", "20"];
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(await WorkerProcess.StartAsync(azurite.ConnectionString, hub, $"w{i}", settings));
            }

            await WaitUntilAsync(() => IsPartitioned(workers, [1, 1, 2]), TimeSpan.FromSeconds(40), "three workers to split 4 partitions 2/1/1");
            var spread = string.Join(" ", workers.Select(w => $"{w.WorkerId}:[{string.Join(',', w.Partitions)}]"));

            await using var backend = azurite.NewBackend(new DurableTaskOptions { TaskHub = hub });
            var client = new DurableTaskClient(backend);
            var ids = new List<string>();
            for (var i = 0; i < Instances; i++)
            {
                ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(WorkerOrchestrations.FanOutFanIn, new FanOutInput(i, 2), $"inst-{i:D3}"));
            }

            await WaitUntilAsync(async () => await CountCompletedAsync(hub) >= Instances / 4, TimeSpan.FromSeconds(120), "a quarter of the instances to complete");
            var victim = workers.OrderByDescending(w => w.Partitions.Count).First();
            var victimHeld = victim.Partitions;
            victim.Kill();
            workers.Remove(victim);
            await WaitUntilAsync(() => IsPartitioned(workers, [2, 2]), TimeSpan.FromSeconds(60), "the survivors to own all 4 partitions 2/2");
            var rebalanced = string.Join(" ", workers.Select(w => $"{w.WorkerId}:[{string.Join(',', w.Partitions)}]"));
            await WaitUntilAsync(async () => await CountCompletedAsync(hub) == Instances, TimeSpan.FromSeconds(180), "every instance to complete");

            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, state?.RuntimeStatus);
                Assert.Equal(new[] { WorkerOrchestrations.Mix(i, 0), WorkerOrchestrations.Mix(i, 1) }, state!.ReadOutputAs<long[]>());
                CrashRecoveryTests.AssertEveryTaskCompletedOnce(await client.GetHistoryAsync(id));
            }

            output.WriteLine($"start {spread}; killed {victim.WorkerId} holding [{string.Join(',', victimHeld)}]; after {rebalanced}");
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync();
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>True when the workers' reported partitions are disjoint, cover all of them, and have these counts.</summary>
    private static bool IsPartitioned(IReadOnlyList<WorkerProcess> workers, int[] sortedCounts)
    {
        var owned = workers.Select(w => w.Partitions).ToList();
        var all = owned.SelectMany(p => p).ToList();
        return all.Count == PartitionCount && all.Distinct().Count() == PartitionCount
            && owned.Select(p => p.Count).Order().SequenceEqual(sortedCounts);
    }

    private async Task<int> CountCompletedAsync(string hub)
    {
        var (blobs, _) = StorageClients.FromConnectionString(azurite.ConnectionString);
        var count = 0;
        string? token = null;
        do
        {
            var page = await blobs.ListPageAsync($"{hub}-instances", continuationToken: token);
            count += page.Items.Count(b => b.Metadata.TryGetValue("RuntimeStatus", out var s) && s == nameof(OrchestrationRuntimeStatus.Completed));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return count;
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(250, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }
        }
    }
}
