using System.CommandLine;
using System.Diagnostics;
using Augment.Cli.Hosting;
using Augment.Durable;
using Augment.Pipeline;
using Augment.Storage;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment demo</c>: starts Azurite and the local blob trigger, uploads samples/adult.csv with its augment.json,
/// follows the run the upload starts, prints a summary and copies the outputs to a folder.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a one-line JSON summary last (human output goes to stderr)." };
        var output = new Option<string>("--out") { Description = "Folder for the run's outputs.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the run.", DefaultValueFactory = _ => 10 };
        var command = new Command("demo", "Run the main job end to end on Azurite: upload the Adult sample, let the blob trigger start a run, and show it.")
        {
            json, output, timeout,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(json), parse.GetValue(output)!, parse.GetValue(timeout), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool json, string outDir, int timeoutMinutes, CancellationToken cancellationToken)
    {
        var console = CliConsole.Create(json);
        var samples = SampleFiles.Locate();
        if (samples is null)
        {
            return CliConsole.Error(console, "samples/adult.csv not found next to the program or in any parent folder.", CliConsole.BadInput);
        }

        var clock = Stopwatch.StartNew();
        var triggered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        console.MarkupLine("[grey]Starting Azurite (in memory), the durable engine and the blob trigger…[/]");
        await using var runtime = await PipelineRuntime.StartOnAzuriteAsync(started => triggered.TrySetResult(started.InstanceId), cancellationToken);

        const string dataset = "adult";
        await UploadAsync(runtime.Blobs, $"{dataset}/{WorkArea.SpecFileName}", samples.Spec, "application/json", cancellationToken);
        await UploadAsync(runtime.Blobs, $"{dataset}/adult.csv", samples.Csv, "text/csv", cancellationToken);
        console.MarkupLineInterpolated($"[grey]Uploaded {WorkArea.DatasetsContainer}/{dataset}/adult.csv and {WorkArea.SpecFileName}; waiting for the blob trigger…[/]");

        string instanceId;
        try
        {
            instanceId = await triggered.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (TimeoutException)
        {
            return CliConsole.Error(console, "the blob trigger did not start a run within 60 seconds.", CliConsole.RunFailed);
        }

        console.MarkupLineInterpolated($"Run [bold]{instanceId}[/] started by the upload.");
        return await RunOutputs.FollowAndFinishAsync(runtime, instanceId, console, Path.Combine(outDir, instanceId), json, TimeSpan.FromMinutes(timeoutMinutes), clock, cancellationToken);
    }

    private static async Task UploadAsync(IBlobStore blobs, string name, string path, string contentType, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, name, file, new BlobWriteOptions { ContentType = contentType }, cancellationToken);
    }
}
