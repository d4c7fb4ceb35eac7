using System.Text.Json;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Spectre.Console;

namespace Augment.Cli.Hosting;

/// <summary>Follows a run's custom status until it ends, drawing progress on the console.</summary>
internal static class RunWatcher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    /// <summary>The stages every run goes through, in order; the audit gate's AwaitingApproval stage is shown (after
    /// Evaluating) only once a run reports it.</summary>
    internal static readonly string[] Stages = ["Profiling", "Training", "Sampling", "Filtering", "Evaluating", "Merging"];

    /// <summary>The stage a run waits in while the audit gate holds it for an approve or reject event.</summary>
    internal const string AwaitingApproval = AuditGate.AwaitingApprovalStage;

    /// <summary>The stages to draw once <paramref name="seen"/> (every stage reported so far) is known.</summary>
    internal static IReadOnlyList<string> StagesToShow(IEnumerable<string> seen)
    {
        var list = Stages.ToList();
        if (seen.Contains(AwaitingApproval, StringComparer.Ordinal))
        {
            list.Insert(list.IndexOf("Evaluating") + 1, AwaitingApproval);
        }

        return list;
    }

    /// <summary>How far each of <paramref name="stages"/> is when the run reports <paramref name="current"/>: 1 done,
    /// 0.5 running, 0 pending ("Done" completes all; an unknown stage leaves all pending).</summary>
    internal static double[] StageStates(IReadOnlyList<string> stages, string current)
    {
        var index = stages.ToList().IndexOf(current);
        return stages.Select((_, i) => current == "Done" || (index >= 0 && i < index) ? 1 : i == index ? 0.5 : 0).ToArray();
    }

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
                var stages = Stages.ToList();
                var tasks = stages.ToDictionary(s => s, s => ctx.AddTask(s, autoStart: false, maxValue: 1));
                while (true)
                {
                    var meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
                        ?? throw new InvalidOperationException($"run {instanceId} does not exist");
                    if (Read(meta) is { } p)
                    {
                        if (p.Stage == AwaitingApproval && !tasks.ContainsKey(AwaitingApproval))
                        {
                            tasks[AwaitingApproval] = ctx.AddTaskAfter("AwaitingApproval (send an approve or reject event)", tasks["Evaluating"], autoStart: false, maxValue: 1);
                            stages = [.. StagesToShow([AwaitingApproval])];
                        }

                        var states = StageStates(stages, p.Stage);
                        for (var i = 0; i < stages.Count; i++)
                        {
                            var task = tasks[stages[i]];
                            if (states[i] == 1)
                            {
                                task.StartTask();
                                task.Value = task.MaxValue;
                            }
                            else if (states[i] > 0)
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
            or OrchestrationRuntimeStatus.Terminated;
}
