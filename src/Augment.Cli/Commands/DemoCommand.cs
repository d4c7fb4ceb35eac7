using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Augment.Cli.Hosting;
using Augment.Pipeline;
using Augment.Storage;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment demo</c>: starts Azurite and the local host running the Functions app's functions, uploads samples/adult.csv with
/// its augment.json to <c>datasets/adult/</c>, finds the run the blob trigger started through the management API,
/// follows it, prints a summary and copies the outputs to a folder.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a one-line JSON summary last (human output goes to stderr)." };
        var output = new Option<string>("--out") { Description = "Folder for the run's outputs.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the run.", DefaultValueFactory = _ => 10 };
        var storage = new Option<string?>("--storage-location") { Description = "Folder for a persistent Azurite (default: in memory)." };
        var command = new Command("demo", "Run the main job end to end on Azurite through the local host running the Functions app: upload the Adult sample, let the blob trigger start a run, and show it.")
        {
            json, output, timeout, storage,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(json), parse.GetValue(output)!, parse.GetValue(timeout), parse.GetValue(storage), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool json, string outDir, int timeoutMinutes, string? storageLocation, CancellationToken cancellationToken)
    {
        var console = CliConsole.Create(json);
        var samples = SampleFiles.Locate();
        if (samples is null)
        {
            return CliConsole.Error(console, "samples/adult.csv not found next to the program or in any parent folder.", CliConsole.BadInput);
        }

        var clock = Stopwatch.StartNew();
        console.MarkupLine($"[grey]Starting Azurite ({(storageLocation is null ? "in memory" : "persistent")}) and the local host with the app's functions…[/]");
        using var loggers = CliConsole.CreateLoggers(LogLevel.Error);
        FunctionsHostRuntime runtime;
        try
        {
            // No local.settings.json: the demo is self-contained. Short scan/poll intervals keep it quick.
            runtime = await FunctionsHostRuntime.StartAsync(
                new FunctionsHostRuntime.Settings(null, 0, storageLocation, TimeSpan.FromSeconds(1), loggers) { Progress = line => console.MarkupLineInterpolated($"[grey]{line}[/]") }, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FormatException)
        {
            return CliConsole.Error(console, ex.Message, CliConsole.RunFailed);
        }

        await using (runtime)
        {
            const string dataset = "adult";
            await UploadAsync(runtime.Blobs, $"{dataset}/{WorkArea.SpecFileName}", samples.Spec, "application/json", cancellationToken);
            await UploadAsync(runtime.Blobs, $"{dataset}/adult.csv", samples.Csv, "text/csv", cancellationToken);
            var uploadedAt = DateTimeOffset.UtcNow;
            console.MarkupLineInterpolated($"[grey]Uploaded {WorkArea.DatasetsContainer}/{dataset}/adult.csv and {WorkArea.SpecFileName}; waiting for the blob trigger…[/]");

            var instanceId = await FindRunAsync(runtime, dataset + "-", TimeSpan.FromSeconds(60), cancellationToken);
            if (instanceId is null)
            {
                return CliConsole.Error(console, "the blob trigger did not start a run within 60 seconds.", CliConsole.RunFailed);
            }

            // Latency from the upload to the orchestration's creation (the engine's CreatedAt, same machine clock).
            var created = (await runtime.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken))?.CreatedAt;
            var latency = created is { } c ? $"{(c - uploadedAt).TotalSeconds:0.00} s after the upload" : "after the upload";
            console.MarkupLineInterpolated($"Run [bold]{instanceId}[/] started by the blob trigger {latency}; found via {runtime.Host.BaseAddress}api/augmentations.");
            return await RunOutputs.FollowAndFinishAsync(runtime.Client, runtime.Blobs, instanceId, console, Path.Combine(outDir, instanceId), json, TimeSpan.FromMinutes(timeoutMinutes), clock, cancellationToken);
        }
    }

    /// <summary>Asks the management API (with the host's key) for a run whose id starts with <paramref name="prefix"/>.</summary>
    private static async Task<string?> FindRunAsync(FunctionsHostRuntime runtime, string prefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-functions-key", runtime.Host.FunctionKey);
        var url = new Uri(runtime.Host.BaseAddress, $"api/augmentations?instanceIdPrefix={Uri.EscapeDataString(prefix)}");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var list = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                if (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
                {
                    return list[0].GetProperty("instanceId").GetString();
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }

    private static async Task UploadAsync(IBlobStore blobs, string name, string path, string contentType, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, name, file, new BlobWriteOptions { ContentType = contentType }, cancellationToken);
    }
}
