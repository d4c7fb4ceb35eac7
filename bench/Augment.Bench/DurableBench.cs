using System.Diagnostics;
using System.Globalization;
using Augment.Dev;
using Augment.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Augment.Bench;

/// <summary>
/// The <c>durable</c> suite: Durable Task on a private Azurite (in memory) through the local host — DTFx's Azure Storage
/// backend behind the gRPC sidecar, Microsoft.DurableTask's worker and client — with the host's one-machine settings
/// (4 partitions, 1 s longest queue poll, 30 s visibility). A fan-out/fan-in of no-op activities, then a sequential chain
/// of no-op activities. Latency per chain step is the step's wall time as the client sees the whole chain (elapsed / steps).
/// Options: <c>--fanout N</c> (default 200), <c>--chain N</c> (default 50), <c>--memory</c> (the in-memory backend instead of
/// DTFx Azure Storage), <c>--orchestrations N</c> (diagnostic: N one-step orchestrations at once).
/// </summary>
internal static class DurableBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var fanOut = Option(args, "--fanout", 200);
        var chain = Option(args, "--chain", 50);
        var memory = args.Contains("--memory");
        Console.WriteLine("starting Azurite (in memory) and the local host…");
        await using var azurite = await AzuriteEmulator.StartAsync();
        await using var host = await LocalFunctionHost.StartAsync(new LocalHostOptions
        {
            Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString },
            RunTriggers = false,
            Backend = memory ? DurableBackend.InMemory : DurableBackend.AzureStorage,
            TaskHub = new Augment.Dev.Durable.TaskHubSettings { TaskHub = "bench" },
            AdditionalTasks = r => r
                .AddActivityFunc<int, int>("Noop", (_, x) => x)
                .AddOrchestratorFunc<int, int>("NoopFanOut", async (context, n) =>
                    (await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>("Noop", i)))).Length)
                .AddOrchestratorFunc<int, int>("NoopChain", async (context, n) =>
                {
                    var value = 0;
                    for (var i = 0; i < n; i++)
                    {
                        value = await context.CallActivityAsync<int>("Noop", value + 1);
                    }

                    return value;
                }),
        });

        await TimeAsync(host.Client, "NoopChain", 3); // warm-up: connections, partitions, JIT
        var fan = await TimeAsync(host.Client, "NoopFanOut", fanOut);
        Console.WriteLine($"fan-out {fanOut}: {fan.TotalSeconds,6:F2} s  {fanOut / fan.TotalSeconds,7:F1} activities/s");
        if (Option(args, "--orchestrations", 0) is > 0 and var many)
        {
            // Diagnostic: many one-step orchestrations at once, to tell orchestration-side from activity-side limits.
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, many).Select(_ => TimeAsync(host.Client, "NoopChain", 1)));
            Console.WriteLine($"{many} one-step orchestrations at once: {clock.Elapsed.TotalSeconds:F2} s");
        }

        var seq = await TimeAsync(host.Client, "NoopChain", chain);
        Console.WriteLine($"chain {chain}  : {seq.TotalSeconds,6:F2} s  {chain / seq.TotalSeconds,7:F1} steps/s  {seq.TotalMilliseconds / chain:F0} ms per step");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"engine\":\"{(memory ? "inmemory" : "dtfx-azurestorage")}-sidecar\",\"fanout\":{fanOut},\"fanout_activities_per_s\":{fanOut / fan.TotalSeconds:F1},\"chain\":{chain},\"chain_steps_per_s\":{chain / seq.TotalSeconds:F1},\"ms_per_chain_step\":{seq.TotalMilliseconds / chain:F1}}}"));
        return 0;
    }

    private static async Task<TimeSpan> TimeAsync(DurableTaskClient client, string orchestrator, int size)
    {
        var clock = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, size);
        while (await client.GetInstanceAsync(id) is not { IsCompleted: true } meta || meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            if (await client.GetInstanceAsync(id) is { IsCompleted: true } ended && ended.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{orchestrator} ended {ended.RuntimeStatus}");
            }

            await Task.Delay(20); // the client's own WaitForInstanceCompletionAsync polls every 2 s
        }

        return clock.Elapsed;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
