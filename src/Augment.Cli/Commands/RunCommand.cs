using System.CommandLine;
using System.Diagnostics;
using Augment.Cli.Hosting;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Storage;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment run data.csv|images.zip [--spec augment.json] --out dir</c>: the same orchestrator and activities, in this process,
/// on the in-memory backend (no Azurite), writing the outputs into a folder.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var csv = new Argument<FileInfo>("csv") { Description = "The dataset: a CSV file with a header row, or a zip of {class}/{file}.png|jpg images." };
        var spec = new Option<FileInfo?>("--spec") { Description = "The run spec (augment.json). Default: augment.json beside the CSV, if there is one." };
        var output = new Option<string>("--out") { Description = "Folder for the outputs (augmented.csv, synthetic.csv, report.json, report.html; for images augmented.zip, report.json, report.html).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a one-line JSON summary last (human output goes to stderr)." };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the run.", DefaultValueFactory = _ => 30 };
        var command = new Command("run", "Augment a local CSV or image zip in-process (in-memory storage and engine) and write the outputs to a folder.")
        {
            csv, spec, output, json, timeout,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(csv)!, parse.GetValue(spec), parse.GetValue(output)!, parse.GetValue(json), parse.GetValue(timeout), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo csv, FileInfo? spec, string outDir, bool json, int timeoutMinutes, CancellationToken cancellationToken)
    {
        var console = CliConsole.Create(json);
        if (!csv.Exists)
        {
            return CliConsole.Error(console, $"{csv.FullName} does not exist.", CliConsole.BadInput);
        }

        if (spec is { Exists: false })
        {
            return CliConsole.Error(console, $"{spec.FullName} does not exist.", CliConsole.BadInput);
        }

        spec ??= new FileInfo(Path.Combine(csv.DirectoryName ?? ".", WorkArea.SpecFileName)) is { Exists: true } beside ? beside : null;
        var dataset = RunStarter.Slug(Path.GetFileNameWithoutExtension(csv.Name));
        var clock = Stopwatch.StartNew();
        await using var runtime = await PipelineRuntime.StartInMemoryAsync(null, cancellationToken);

        var blobName = $"{dataset}/{csv.Name}";
        await UploadAsync(runtime.Blobs, blobName, csv, cancellationToken);
        if (spec is not null)
        {
            await UploadAsync(runtime.Blobs, $"{dataset}/{WorkArea.SpecFileName}", spec, cancellationToken);
            console.MarkupLineInterpolated($"[grey]Spec: {spec.FullName}[/]");
        }

        var started = await runtime.Starter.StartForBlobAsync(WorkArea.DatasetsContainer, blobName, "cli", cancellationToken);
        console.MarkupLineInterpolated($"Run [bold]{started.InstanceId}[/] started in-process.");
        return await RunOutputs.FollowAndFinishAsync(runtime.Client, runtime.Blobs, started.InstanceId, console, outDir, json, TimeSpan.FromMinutes(timeoutMinutes), clock, cancellationToken);
    }

    private static async Task UploadAsync(IBlobStore blobs, string name, FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenRead();
        await blobs.UploadAsync(WorkArea.DatasetsContainer, name, stream, null, cancellationToken);
    }
}
