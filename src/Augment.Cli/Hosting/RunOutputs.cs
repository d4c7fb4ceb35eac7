using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Storage;
using Spectre.Console;

namespace Augment.Cli.Hosting;

/// <summary>Copies a run's published blobs to a folder and prints its summary (a table, or one JSON line).</summary>
internal static class RunOutputs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Follows the run to its end, copies a completed run's outputs to <paramref name="outDir"/>, prints the summary
    /// (and the JSON line with <paramref name="json"/>) and returns the exit code.
    /// </summary>
    public static async Task<int> FollowAndFinishAsync(
        DurableTaskClient client, IBlobStore blobs, string instanceId, IAnsiConsole console, string outDir, bool json, TimeSpan timeout, System.Diagnostics.Stopwatch clock, CancellationToken cancellationToken)
    {
        OrchestrationMetadata meta;
        try
        {
            meta = await RunWatcher.WaitAsync(client, instanceId, console, timeout, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 1;
        }

        IReadOnlyList<string> files = [];
        if (meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed && meta.ReadOutputAs<AugmentResult>() is { } result)
        {
            files = await DownloadAsync(blobs, result, outDir, cancellationToken);
        }

        var summary = Summarize(meta, clock.Elapsed.TotalSeconds, files);
        Print(console, summary, false);
        if (json)
        {
            Print(console, summary, true);
        }

        return meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
    }

    /// <summary>Downloads every output blob of <paramref name="result"/> into <paramref name="directory"/>; returns the files.</summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(IBlobStore blobs, AugmentResult result, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var blob in result.Outputs)
        {
            var path = Path.Combine(directory, blob[(blob.LastIndexOf('/') + 1)..]);
            await using var download = await blobs.OpenReadAsync(result.OutputContainer, blob, null, cancellationToken)
                ?? throw new FileNotFoundException($"output {result.OutputContainer}/{blob} is missing");
            var temp = path + ".partial";
            await using (var file = File.Create(temp))
            {
                await download.Content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
            files.Add(path);
        }

        return files;
    }

    /// <summary>The one-line JSON summary printed by <c>--json</c>.</summary>
    public sealed record Summary(
        string InstanceId,
        string Status,
        string? Reason,
        int RealRows,
        int TrainRows,
        int SyntheticRows,
        double Seconds,
        string? OutputContainer,
        IReadOnlyList<string> Outputs,
        IReadOnlyList<string> Files)
    {
        /// <summary>Gets the utility verdict and the recommended arm in one line (from the downloaded report.json), or null.</summary>
        public string? Utility { get; init; }
    }

    public static Summary Summarize(OrchestrationMetadata meta, double seconds, IReadOnlyList<string> files)
    {
        var result = meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? meta.ReadOutputAs<AugmentResult>() : null;
        return new Summary(
            meta.InstanceId,
            meta.RuntimeStatus.ToString(),
            Augment.App.Http.DurableStatusJson.FailureReason(meta),
            result?.RealRows ?? 0,
            result?.TrainRows ?? 0,
            result?.SyntheticRows ?? 0,
            Math.Round(seconds, 2),
            result?.OutputContainer,
            result?.Outputs ?? [],
            files)
        {
            Utility = UtilityLine(files.FirstOrDefault(f => Path.GetFileName(f) == "report.json")),
        };
    }

    /// <summary>
    /// "verdict: metric Δ (CI) vs baseline; recommended: arm — reason" from report.json's <c>evaluation.utility</c>;
    /// null when the file or the utility part is absent or unreadable.
    /// </summary>
    internal static string? UtilityLine(string? reportPath)
    {
        if (reportPath is null || !File.Exists(reportPath))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(reportPath));
            if (!document.RootElement.TryGetProperty("evaluation", out var evaluation) || evaluation.ValueKind != JsonValueKind.Object
                || !evaluation.TryGetProperty("utility", out var utility) || utility.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var parts = new List<string>();
            if (utility.TryGetProperty("verdicts", out var verdicts) && verdicts.ValueKind == JsonValueKind.Array && verdicts.GetArrayLength() > 0)
            {
                var v = verdicts[0];
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{v.GetProperty("arm").GetString()} {v.GetProperty("verdict").GetString()} vs {v.GetProperty("baseline").GetString()} ({v.GetProperty("metric").GetString()} {Number(v, "difference"):+0.000;-0.000;0}, 95% CI {Number(v, "lower"):0.000} to {Number(v, "upper"):0.000})"));
            }

            if (utility.TryGetProperty("recommendation", out var recommendation) && recommendation.ValueKind == JsonValueKind.Object)
            {
                parts.Add($"ship {recommendation.GetProperty("arm").GetString()}: {recommendation.GetProperty("reason").GetString()}");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }

        // NaN is written as the string "NaN".
        static double Number(JsonElement element, string name) =>
            element.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : double.NaN;
    }

    public static void Print(IAnsiConsole console, Summary summary, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(summary, Json));
            return;
        }

        // Labels never wrap; values do: a long reason or path used to squeeze the label column to one letter a line.
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("run").NoWrap()).AddColumn(new TableColumn(""));
        table.AddRow("instance", Markup.Escape(summary.InstanceId));
        table.AddRow("status", summary.Status == "Completed" ? "[green]Completed[/]" : $"[red]{Markup.Escape(summary.Status)}[/]");
        if (summary.Reason is not null)
        {
            table.AddRow("reason", Markup.Escape(summary.Reason));
        }

        table.AddRow("real rows (train)", summary.TrainRows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("synthetic rows", summary.SyntheticRows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("seconds", summary.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        if (summary.Utility is not null)
        {
            table.AddRow("utility", Markup.Escape(summary.Utility));
        }

        foreach (var blob in summary.Outputs)
        {
            table.AddRow("blob", Markup.Escape($"{summary.OutputContainer}/{blob}"));
        }

        foreach (var file in summary.Files)
        {
            table.AddRow("file", Markup.Escape(file));
        }

        console.Write(table);
    }
}
