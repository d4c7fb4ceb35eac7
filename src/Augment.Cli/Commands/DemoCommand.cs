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
/// its augment.json to <c>datasets/adult/</c> (with <c>--images</c>: samples/fashion-mnist-sample.zip with
/// samples/fashion-mnist-augment.json to <c>datasets/fashion-mnist/images.zip</c>), finds the run the blob trigger
/// started through the management API, follows it, prints a summary and copies the outputs to a folder.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a one-line JSON summary last (human output goes to stderr)." };
        var output = new Option<string>("--out") { Description = "Folder for the run's outputs.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the run.", DefaultValueFactory = _ => 10 };
        var storage = new Option<string?>("--storage-location") { Description = "Folder for a persistent Azurite (default: in memory)." };
        var images = new Option<bool>("--images") { Description = "Run the image branch instead: 300 Fashion-MNIST images (samples/fashion-mnist-sample.zip) uploaded as datasets/fashion-mnist/images.zip." };
        var spec = new Option<string?>("--spec") { Description = "An augment.json to upload instead of the sample's (e.g. fewer training steps)." };
        var command = new Command("demo", "Run the main job end to end on Azurite through the local host running the Functions app: upload the Adult sample (or, with --images, the Fashion-MNIST image sample), let the blob trigger start a run, and show it.")
        {
            json, output, timeout, storage, images, spec,
        };
        command.SetAction((parse, ct) => RunAsync(
            new DemoOptions(parse.GetValue(json), parse.GetValue(output)!, parse.GetValue(timeout), parse.GetValue(storage), parse.GetValue(images), parse.GetValue(spec)), ct));
        return command;
    }

    private sealed record DemoOptions(bool Json, string OutDir, int TimeoutMinutes, string? StorageLocation, bool Images, string? Spec);

    private static async Task<int> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var (json, outDir, timeoutMinutes, storageLocation) = (options.Json, options.OutDir, options.TimeoutMinutes, options.StorageLocation);
        var console = CliConsole.Create(json);
        var samples = SampleFiles.Locate(options.Images);
        if (samples is null)
        {
            var (data, _) = options.Images ? SampleFiles.FashionMnist : SampleFiles.Adult;
            return CliConsole.Error(console, $"samples/{data} not found next to the program or in any parent folder.", CliConsole.BadInput);
        }

        if (options.Spec is not null)
        {
            if (!File.Exists(options.Spec))
            {
                return CliConsole.Error(console, $"{options.Spec} does not exist.", CliConsole.BadInput);
            }

            samples = samples with { Spec = options.Spec };
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
            var (dataset, blob, contentType) = options.Images
                ? ("fashion-mnist", Augment.Pipeline.Images.ImageActivities.ArchiveName, "application/zip")
                : ("adult", "adult.csv", "text/csv");
            await UploadAsync(runtime.Blobs, $"{dataset}/{WorkArea.SpecFileName}", samples.Spec, "application/json", cancellationToken);
            await UploadAsync(runtime.Blobs, $"{dataset}/{blob}", samples.Data, contentType, cancellationToken);
            var uploadedAt = DateTimeOffset.UtcNow;
            console.MarkupLineInterpolated($"[grey]Uploaded {WorkArea.DatasetsContainer}/{dataset}/{blob} and {WorkArea.SpecFileName} ({Path.GetFileName(samples.Spec)}); waiting for the blob trigger…[/]");

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
