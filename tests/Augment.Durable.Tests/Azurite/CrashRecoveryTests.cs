using System.Globalization;
using Augment.Durable.TestWorker;
using Xunit.Abstractions;

namespace Augment.Durable.Tests.Azurite;

/// <summary>
/// Crash recovery: worker processes are killed with SIGKILL at random points (chosen by a seed) during a 50-activity
/// fan-out/fan-in and restarted under the same worker id. Every instance must end with the output of an uninterrupted
/// run, and every TaskScheduled in its history must have exactly one completion. Seeds run a few at a time, each on
/// its own task hub with its own two workers. <c>DURABLE_CRASH_SEEDS</c> sets how many seeds: 3 by default, so that
/// <c>dotnet test</c> stays short on a shared 2-core machine; <c>DURABLE_CRASH_SEEDS=20</c> runs the full 20 (≈ 12 min there).
/// </summary>
[Collection(DurableAzuriteCollection.Name)]
public sealed class CrashRecoveryTests(DurableAzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Activities = 50;
    private const int KillsPerSeed = 3;
    private const int ParallelSeeds = 4;

    [Fact]
    public async Task FanOutFanIn_WorkersKilledAtRandomPoints_EveryInstanceCompletesWithUninterruptedOutput()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("DURABLE_CRASH_SEEDS"), CultureInfo.InvariantCulture, out var n) ? n : 3;
        var reports = new List<string>();
        using var gate = new SemaphoreSlim(ParallelSeeds);
        var runs = Enumerable.Range(1, seeds).Select(async seed =>
        {
            await gate.WaitAsync();
            try
            {
                var report = await RunSeedAsync(seed);
                lock (reports)
                {
                    reports.Add(report);
                }
            }
            finally
            {
                gate.Release();
            }
        });

        await Task.WhenAll(runs);

        foreach (var report in reports.Order(StringComparer.Ordinal))
        {
            output.WriteLine(report);
        }

        Assert.Equal(seeds, reports.Count);
    }

    private async Task<string> RunSeedAsync(int seed)
    {
        var expected = await UninterruptedOutputAsync(seed);
        var hub = azurite.NewHub("crash");
        // Each kill can cost a message one or two deliveries (held by the victim, then redelivered): with three kills the
        // poison bound must sit above the default 5, or a slow machine parks healthy messages.
        string[] settings = ["--lease-seconds", "15", "--visibility-seconds", "5", "--work-delay-ms", "50", "--max-dequeue", "20"];
        var workers = new WorkerProcess?[2];
        try
        {
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, $"w{i}", settings);
            }

            await using var backend = azurite.NewBackend(new DurableTaskOptions { TaskHub = hub });
            var client = new DurableTaskClient(backend) { MinPollingInterval = TimeSpan.FromMilliseconds(50) };
            var id = await client.ScheduleNewOrchestrationInstanceAsync(WorkerOrchestrations.FanOutFanIn, new FanOutInput(seed, Activities), $"fan-{seed}");

            // Once the instance runs: kill a random worker after a random delay, restart it under the same id; three times.
            var random = new Random(seed);
            var kills = new List<string>();
            while ((await client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Pending)
            {
                await Task.Delay(20);
            }

            for (var k = 0; k < KillsPerSeed; k++)
            {
                await Task.Delay(random.Next(0, 800));
                var victim = random.Next(workers.Length);
                var status = (await client.GetInstanceAsync(id))?.RuntimeStatus;
                workers[victim]!.Kill();
                await workers[victim]!.DisposeAsync();
                kills.Add($"w{victim}@{status}");
                workers[victim] = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, $"w{victim}", settings);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken: timeout.Token);
            var history = await client.GetHistoryAsync(id);

            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"seed {seed}: {done.RuntimeStatus} {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
            Assert.Equal(expected, done.ReadOutputAs<long[]>());
            AssertEveryTaskCompletedOnce(history);
            return $"seed {seed,2}: kills [{string.Join(", ", kills)}], {history.Count} history events, "
                + $"{history.OfType<OrchestratorStartedEvent>().Count()} episodes";
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (worker is not null)
                {
                    await worker.StopAsync();
                    await worker.DisposeAsync();
                }
            }
        }
    }

    internal static void AssertEveryTaskCompletedOnce(IReadOnlyList<HistoryEvent> history)
    {
        var scheduled = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).ToList();
        var completions = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId)
            .Concat(history.OfType<TaskFailedEvent>().Select(e => e.TaskScheduledId)).ToList();
        Assert.Equal(scheduled.Count, scheduled.Distinct().Count());
        Assert.Equal(scheduled.Order(), completions.Order());
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
    }

    /// <summary>The same orchestration run in memory, with nothing killed.</summary>
    private static async Task<long[]?> UninterruptedOutputAsync(int seed)
    {
        var options = new DurableTaskOptions { TaskHub = "reference", MinPollingInterval = TimeSpan.FromMilliseconds(1), MaxPollingInterval = TimeSpan.FromMilliseconds(10) };
        var backend = new InMemoryOrchestrationService(options);
        await using var worker = new DurableTaskWorker(backend, new DurableTaskRegistry().AddWorkerOrchestrations(), options);
        await worker.StartAsync();
        var client = new DurableTaskClient(backend) { MinPollingInterval = TimeSpan.FromMilliseconds(2) };
        var id = await client.ScheduleNewOrchestrationInstanceAsync(WorkerOrchestrations.FanOutFanIn, new FanOutInput(seed, Activities));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken: timeout.Token);
        return done.ReadOutputAs<long[]>();
    }
}
