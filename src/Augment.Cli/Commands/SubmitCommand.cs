using System.CommandLine;
using System.Net;
using System.Text.Json;
using Augment.Pipeline;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment submit data.csv [--spec augment.json] [--wait]</c> uploads the CSV (and spec) to <c>datasets/{dataset}/</c>
/// through <c>POST /api/augmentations/upload</c>, starts a run with <c>POST /api/augmentations</c> and, with
/// <c>--wait</c>, shows its progress until it ends. <c>augment fetch &lt;id&gt; --out dir</c> downloads a finished run's files.
/// </summary>
internal static class SubmitCommand
{
    /// <summary>What <c>fetch</c> downloads; the first three must exist, the others are taken when present.</summary>
    public static IReadOnlyList<string> FetchFiles { get; } = ["augmented.csv", "synthetic.csv", "report.json", "report.html", "model.json"];

    public static Command Submit()
    {
        var api = new ApiOptions();
        var csv = new Argument<FileInfo>("csv") { Description = "The dataset: a CSV file with a header row." };
        var spec = new Option<FileInfo?>("--spec") { Description = "The run spec (augment.json). Default: augment.json beside the CSV, if there is one." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run to end, showing its progress." };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait with --wait.", DefaultValueFactory = _ => 30 };
        var command = api.AddTo(new Command("submit", "Upload a CSV to the Functions app and start a run.") { csv, spec, wait, timeout });
        command.SetAction((parse, ct) => ManageCommands.ExecuteAsync(parse, api, async (client, console, json) =>
        {
            var file = parse.GetValue(csv)!;
            var specFile = parse.GetValue(spec);
            if (!file.Exists || !file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
            {
                return CliConsole.Error(console, $"{file.FullName} is not an existing .csv file.", CliConsole.BadInput);
            }

            if (specFile is { Exists: false })
            {
                return CliConsole.Error(console, $"{specFile.FullName} does not exist.", CliConsole.BadInput);
            }

            specFile ??= new FileInfo(Path.Combine(file.DirectoryName ?? ".", WorkArea.SpecFileName)) is { Exists: true } beside ? beside : null;
            var dataset = RunStarter.Slug(Path.GetFileNameWithoutExtension(file.Name));
            if (specFile is not null)
            {
                await UploadAsync(client, $"{dataset}/{WorkArea.SpecFileName}", specFile, ct);
            }

            var blobName = $"{dataset}/{RunStarter.Slug(Path.GetFileNameWithoutExtension(file.Name))}.csv";
            await UploadAsync(client, blobName, file, ct);
            var start = JsonSerializer.Serialize(new Dictionary<string, object> { ["blobName"] = blobName }, CliJsonContext.Default.DictionaryStringObject);
            var (_, body) = await client.PostJsonAsync("api/augmentations", start, ct);
            var id = body?.GetProperty("id").GetString() ?? throw new ApiException("The start answer has no id.", CliApiExit.Rejected);
            console.MarkupLineInterpolated($"Uploaded datasets/{blobName}; run [bold]{id}[/] started.");
            if (!parse.GetValue(wait))
            {
                if (json)
                {
                    Console.Out.WriteLine(body.Value.GetRawText());
                }

                return CliConsole.Ok;
            }

            var final = await FollowAsync(client, console, id, TimeSpan.FromMinutes(parse.GetValue(timeout)), ct);
            if (json)
            {
                Console.Out.WriteLine(final.GetRawText());
            }

            var status = final.GetProperty("runtimeStatus").GetString();
            console.MarkupLineInterpolated($"Run [bold]{id}[/]: {status}.");
            return status == "Completed" ? CliConsole.Ok : CliConsole.RunFailed;
        }));
        return command;
    }

    public static Command Fetch()
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "The run (instance) id." };
        var output = new Option<string>("--out") { Description = "Folder for the run's files.", Required = true };
        var command = api.AddTo(new Command("fetch", "Download a finished run's augmented.csv, synthetic.csv, report.json, report.html and model.") { id, output });
        command.SetAction((parse, ct) => ManageCommands.ExecuteAsync(parse, api, async (client, console, json) =>
        {
            var runId = parse.GetValue(id)!;
            var run = await client.GetAsync($"api/augmentations/{Uri.EscapeDataString(runId)}", ct);
            if (run.GetProperty("runtimeStatus").GetString() is var status && status != "Completed")
            {
                return CliConsole.Error(console, $"run {runId} is {status}; only a Completed run has files to fetch.", CliApiExit.Rejected);
            }

            var folder = Directory.CreateDirectory(parse.GetValue(output)!);
            var fetched = new List<string>();
            foreach (var file in FetchFiles)
            {
                var target = Path.Combine(folder.FullName, file);
                if (await client.DownloadAsync($"api/dashboard/runs/{Uri.EscapeDataString(runId)}/files/{file}", target, ct))
                {
                    fetched.Add(target);
                    console.MarkupLineInterpolated($"  {target} ({new FileInfo(target).Length:N0} bytes)");
                }
                else if (fetched.Count < 3 && FetchFiles.Take(3).Contains(file))
                {
                    return CliConsole.Error(console, $"run {runId} has no {file}.", CliApiExit.Rejected);
                }
            }

            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(fetched, CliJsonContext.Default.ListString));
            }

            return CliConsole.Ok;
        }));
        return command;
    }

    private static async Task UploadAsync(ApiClient client, string name, FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenRead();
        using var content = new StreamContent(stream);
        await client.SendAsync(HttpMethod.Post, $"api/augmentations/upload?name={Uri.EscapeDataString(name)}", content, cancellationToken);
    }

    /// <summary>Polls the run every second, with a progress bar of its shards and its stage, until it ends.</summary>
    private static async Task<JsonElement> FollowAsync(ApiClient client, IAnsiConsole console, string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement run = default;
        await console.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask(Markup.Escape(id), maxValue: 1);
            while (true)
            {
                var (code, body) = await client.SendAsync(HttpMethod.Get, $"api/augmentations/{Uri.EscapeDataString(id)}", null, cancellationToken);
                run = body ?? throw new ApiException("The status answer has no body.", CliApiExit.Rejected);
                if (run.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object)
                {
                    var total = custom.TryGetProperty("shardsTotal", out var t) ? t.GetInt32() : 0;
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = custom.TryGetProperty("shardsDone", out var d) ? d.GetInt32() : 0;
                    task.Description = Markup.Escape($"{id} {ManageCommands.Text(custom, "stage")}");
                }

                if (code != HttpStatusCode.Accepted)
                {
                    task.Value = task.MaxValue;
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new ApiException($"run {id} did not end within {timeout.TotalMinutes:0} min.", CliConsole.RunFailed);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        });
        return run;
    }
}
