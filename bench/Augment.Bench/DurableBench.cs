using System.Diagnostics;
using System.Globalization;
using Augment.Durable;
using Augment.Storage;

namespace Augment.Bench;

/// <summary>
/// The <c>durable</c> suite: the engine on a private Azurite (in memory). Fan-out/fan-in of 1,000 no-op activities with
/// one worker and with two (two backends + workers in this process, each its own worker id and leases), then a
/// sequential chain of 100 no-op activities with one worker. Latency is schedule → completion as the orchestration
/// sees it: from the episode that scheduled an activity to the episode that applied its result (chain steps, where
/// nothing queues behind). Options: <c>--fanout N</c>, <c>--chain N</c>.
/// </summary>
internal static class DurableBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var fanOut = Option(args, "--fanout", 1000);
        var chain = Option(args, "--chain", 100);
        Console.WriteLine("starting Azurite (in memory)…");
        await using var azurite = await AzuriteEmulator.StartAsync();

        var oneWorker = await RunFanOutAsync(azurite.ConnectionString, "benchfan1", fanOut, workers: 1);
        Console.WriteLine($"fan-out {fanOut}, 1 worker : {oneWorker.Elapsed.TotalSeconds,6:F2} s  {fanOut / oneWorker.Elapsed.TotalSeconds,7:F1} activities/s  ({oneWorker.Episodes} episodes)");
        var twoWorkers = await RunFanOutAsync(azurite.ConnectionString, "benchfan2", fanOut, workers: 2);
        Console.WriteLine($"fan-out {fanOut}, 2 workers: {twoWorkers.Elapsed.TotalSeconds,6:F2} s  {fanOut / twoWorkers.Elapsed.TotalSeconds,7:F1} activities/s  ({twoWorkers.Episodes} episodes)");
        var sequence = await RunChainAsync(azurite.ConnectionString, "benchchain", chain);
        var latencies = sequence.Latencies.Order().ToArray();
        var p50 = Percentile(latencies, 0.50);
        var p95 = Percentile(latencies, 0.95);
        Console.WriteLine($"chain {chain}, 1 worker   : {sequence.Elapsed.TotalSeconds,6:F2} s  {chain / sequence.Elapsed.TotalSeconds,7:F1} steps/s  schedule→completion p50 {p50:F1} ms, p95 {p95:F1} ms");
        var fanLatencies = oneWorker.Latencies.Order().ToArray();
        Console.WriteLine($"fan-out schedule→completion (1 worker, queued behind {fanOut}): p50 {Percentile(fanLatencies, 0.5):F0} ms, p95 {Percentile(fanLatencies, 0.95):F0} ms");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"fanout_activities_per_s\":{fanOut / oneWorker.Elapsed.TotalSeconds:F1},\"fanout_2workers_activities_per_s\":{fanOut / twoWorkers.Elapsed.TotalSeconds:F1},"
            + $"\"chain_steps_per_s\":{chain / sequence.Elapsed.TotalSeconds:F1},\"p50_ms\":{p50:F1},\"p95_ms\":{p95:F1}}}"));
        return 0;
    }

    private static async Task<Run> RunFanOutAsync(string connectionString, string hub, int count, int workers) =>
        await RunAsync(connectionString, hub, workers, "NoopFanOut", count);

    private static async Task<Run> RunChainAsync(string connectionString, string hub, int steps) =>
        await RunAsync(connectionString, hub, 1, "NoopChain", steps);

    private static async Task<Run> RunAsync(string connectionString, string hub, int workerCount, string orchestrator, int size)
    {
        var registry = new DurableTaskRegistry()
            .AddActivity<int, int>("Noop", (_, x) => x)
            .AddOrchestrator<int, int>("NoopFanOut", async (context, n) =>
            {
                var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>("Noop", i)));
                return results.Length;
            })
            .AddOrchestrator<int, int>("NoopChain", async (context, n) =>
            {
                var value = 0;
                for (var i = 0; i < n; i++)
                {
                    value = await context.CallActivityAsync<int>("Noop", value + 1);
                }

                return value;
            });
        var backends = new List<AzureStorageOrchestrationService>();
        var workers = new List<DurableTaskWorker>();
        try
        {
            for (var w = 0; w < workerCount; w++)
            {
                var options = Options(hub, $"bench-{hub}-{w}");
                var (blobs, queues) = StorageClients.FromConnectionString(connectionString);
                var backend = new AzureStorageOrchestrationService(blobs, queues, options);
                backends.Add(backend);
                var worker = new DurableTaskWorker(backend, registry, options);
                workers.Add(worker);
                await worker.StartAsync();
            }

            // Let the workers settle their partition shares before timing.
            await WaitForPartitionsAsync(backends, Options(hub, "x").PartitionCount);
            var client = new DurableTaskClient(backends[0]) { MinPollingInterval = TimeSpan.FromMilliseconds(5) };
            var clock = Stopwatch.StartNew();
            var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, size);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
            clock.Stop();
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{orchestrator} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
            }

            var history = await client.GetHistoryAsync(id);
            return new Run(clock.Elapsed, history.OfType<OrchestratorStartedEvent>().Count(), Latencies(history));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
                backend.Dispose();
            }
        }
    }

    private static DurableTaskOptions Options(string hub, string workerId) => new()
    {
        TaskHub = hub,
        WorkerId = workerId,
        MaxConcurrentActivities = 32,
        MaxConcurrentOrchestrations = 4,
        MinPollingInterval = TimeSpan.FromMilliseconds(10),
        MaxPollingInterval = TimeSpan.FromMilliseconds(100),
        PartitionLeaseDuration = TimeSpan.FromSeconds(15),
    };

    private static async Task WaitForPartitionsAsync(IReadOnlyList<AzureStorageOrchestrationService> backends, int partitions)
    {
        var deadline = Stopwatch.StartNew();
        while (backends.Sum(b => b.OwnedPartitions.Count) < partitions && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Per activity: from its TaskScheduled to the start of the episode that applied its completion.</summary>
    private static List<double> Latencies(IReadOnlyList<HistoryEvent> history)
    {
        var scheduled = new Dictionary<int, DateTimeOffset>();
        var latencies = new List<double>();
        var episodeStart = DateTimeOffset.MinValue;
        foreach (var e in history)
        {
            switch (e)
            {
                case OrchestratorStartedEvent started:
                    episodeStart = started.Timestamp;
                    break;
                case TaskScheduledEvent s:
                    scheduled[s.EventId] = s.Timestamp;
                    break;
                case TaskCompletedEvent c when scheduled.TryGetValue(c.TaskScheduledId, out var at):
                    latencies.Add((episodeStart - at).TotalMilliseconds);
                    break;
                default:
                    break;
            }
        }

        return latencies;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private sealed record Run(TimeSpan Elapsed, int Episodes, List<double> Latencies);
}
