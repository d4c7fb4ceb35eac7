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

        /// <summary>Gets the bias audit of an image run in one line (each attribute's verdict), or null.</summary>
        public string? Bias { get; init; }

        /// <summary>Gets <c>images</c> for an image run, <c>table</c> otherwise.</summary>
        public string Kind { get; init; } = "table";
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
            Bias = BiasLine(files.FirstOrDefault(f => Path.GetFileName(f) == "report.json")),
            Kind = result?.Outputs.Any(o => o.EndsWith("/augmented.zip", StringComparison.Ordinal)) == true ? "images" : "table",
        };
    }

    /// <summary>"attribute: verdict (gap change, CI)" per audited attribute of an image run's report.json, or null.</summary>
    internal static string? BiasLine(string? reportPath)
    {
        if (reportPath is null || !File.Exists(reportPath))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(reportPath));
            if (!document.RootElement.TryGetProperty("evaluation", out var evaluation) || evaluation.ValueKind != JsonValueKind.Object
                || !evaluation.TryGetProperty("bias", out var bias) || bias.ValueKind != JsonValueKind.Array || bias.GetArrayLength() == 0)
            {
                return null;
            }

            return string.Join("; ", bias.EnumerateArray().Select(Attribute));
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
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
            if (utility.TryGetProperty("verdict", out var imageVerdict) && imageVerdict.ValueKind == JsonValueKind.String)
            {
                // An image run: one lift of synthetic images on top of classic augmentation, in accuracy points.
                var low = Number(utility, "ciLow");
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"synthetic images {imageVerdict.GetString()} (accuracy {Number(utility, "liftPoints"):+0.00;-0.00;0} points vs real + classic{(double.IsFinite(low) ? $", 95% CI {low:+0.00;-0.00;0} to {Number(utility, "ciHigh"):+0.00;-0.00;0}" : "")})"));
                parts.Add($"ship {utility.GetProperty("recommendation").GetString()}");
                return string.Join("; ", parts);
            }

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

    }

    private static string Attribute(JsonElement audit)
    {
        var (change, low, high) = (Number(audit, "gapChangePoints"), Number(audit, "ciLow"), Number(audit, "ciHigh"));
        var detail = !double.IsFinite(change) ? ""
            : double.IsFinite(low) ? string.Create(CultureInfo.InvariantCulture, $" (gap {change:+0.0;-0.0} points, 95% CI {low:+0.0;-0.0} to {high:+0.0;-0.0})")
            : string.Create(CultureInfo.InvariantCulture, $" (gap {change:+0.0;-0.0} points)");
        return $"{audit.GetProperty("attribute").GetString()}: {audit.GetProperty("verdict").GetString()}{detail}";
    }

    // NaN is written as the string "NaN".
    private static double Number(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : double.NaN;

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

        var unit = summary.Kind == "images" ? "images" : "rows";
        table.AddRow($"real {unit} (train)", summary.TrainRows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow($"synthetic {unit}", summary.SyntheticRows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("seconds", summary.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        if (summary.Utility is not null)
        {
            table.AddRow("utility", Markup.Escape(summary.Utility));
        }

        if (summary.Bias is not null)
        {
            table.AddRow("bias audit", Markup.Escape(summary.Bias));
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
        if (summary.Files.FirstOrDefault(f => Path.GetFileName(f) == "report.html") is { } html)
        {
            console.MarkupLineInterpolated($"Open the report: [link]{Path.GetFullPath(html)}[/]");
        }
    }
}
