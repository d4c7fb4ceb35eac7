using System.Text.Json;
using Augment.Durable;
using Augment.Pipeline;
using Spectre.Console;

namespace Augment.Cli.Hosting;

/// <summary>Follows a run's custom status until it ends, drawing progress on the console.</summary>
internal static class RunWatcher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Stages = ["Profiling", "Training", "Sampling", "Filtering", "Merging"];

    public static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string instanceId, IAnsiConsole console, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return console.Profile.Capabilities.Interactive
                ? await WaitInteractiveAsync(client, instanceId, console, deadline.Token)
                : await WaitPlainAsync(client, instanceId, console, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"run {instanceId} did not finish within {timeout.TotalMinutes:0.#} minutes");
        }
    }

    private static async Task<OrchestrationMetadata> WaitPlainAsync(DurableTaskClient client, string instanceId, IAnsiConsole console, CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"run {instanceId} does not exist");
            var progress = Read(meta);
            var line = progress is null ? null : $"{progress.Stage}: {progress.Message}";
            if (line is not null && line != last)
            {
                console.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss}[/] {line}");
                last = line;
            }

            if (IsTerminal(meta.RuntimeStatus))
            {
                return meta;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<OrchestrationMetadata> WaitInteractiveAsync(DurableTaskClient client, string instanceId, IAnsiConsole console, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? final = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var stages = Stages;
                var tasks = stages.ToDictionary(s => s, s => ctx.AddTask(s, autoStart: false, maxValue: 1));
                while (true)
                {
                    var meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
                        ?? throw new InvalidOperationException($"run {instanceId} does not exist");
                    if (Read(meta) is { } p)
                    {
                        var index = Array.IndexOf(stages, p.Stage);
                        for (var i = 0; i < stages.Length; i++)
                        {
                            var task = tasks[stages[i]];
                            if (i < index || p.Stage == "Done")
                            {
                                task.StartTask();
                                task.Value = task.MaxValue;
                            }
                            else if (i == index)
                            {
                                task.StartTask();
                                if (p.Stage == "Sampling" && p.ShardsTotal > 0)
                                {
                                    task.MaxValue = p.ShardsTotal;
                                    task.Value = p.ShardsDone;
                                    task.Description = $"Sampling ({p.ShardsDone}/{p.ShardsTotal} shards)";
                                }
                            }
                        }
                    }

                    if (IsTerminal(meta.RuntimeStatus))
                    {
                        final = meta;
                        return;
                    }

                    await Task.Delay(200, cancellationToken);
                }
            });
        return final!;
    }

    public static RunProgress? Read(OrchestrationMetadata meta)
    {
        try
        {
            return meta.SerializedCustomStatus is { } s ? JsonSerializer.Deserialize<RunProgress>(s, Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
            or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
