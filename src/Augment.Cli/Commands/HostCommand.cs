using System.CommandLine;
using Augment.Cli.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment host</c>: the offline stand-in for <c>func start</c>. Starts Azurite (unless <c>AzureWebJobsStorage</c>
/// names an account), the local Functions host and the custom handler, prints the API URL, the key and the functions,
/// and runs until Ctrl+C.
/// </summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var app = new Option<string?>("--app") { Description = "The function app folder (host.json + function folders). Default: the Augment.Functions build output." };
        var port = new Option<int>("--port") { Description = "HTTP port of the host (0 = any free port).", DefaultValueFactory = _ => 7071 };
        var settings = new Option<string>("--settings") { Description = "local.settings.json to read app settings from (if it exists).", DefaultValueFactory = _ => "local.settings.json" };
        var command = new Command("host", "Run the Functions app locally: Azurite, the local Functions host (blob, timer, queue and HTTP triggers) and the custom handler.")
        {
            app, port, settings,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(app), parse.GetValue(port), parse.GetValue(settings)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(string? appOption, int port, string settingsPath, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (port is < 0 or > 65535)
        {
            return CliConsole.Error(console, $"--port {port} is not a TCP port.", CliConsole.BadInput);
        }

        var appPath = FunctionsAppLocator.Locate(appOption);
        if (appPath is null || !File.Exists(Path.Combine(appPath, "host.json")))
        {
            return CliConsole.Error(console, $"no function app found{(appPath is null ? string.Empty : $" at {appPath}")}: build src/Augment.Functions or pass --app <folder with host.json>.", CliConsole.BadInput);
        }

        using var loggers = CliConsole.CreateLoggers(LogLevel.Information);
        console.MarkupLine("[grey]Starting storage, the local Functions host and the handler…[/]");
        FunctionsHostRuntime runtime;
        try
        {
            runtime = await FunctionsHostRuntime.StartAsync(new FunctionsHostRuntime.Settings(appPath, settingsPath, port, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), loggers), cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FormatException)
        {
            return CliConsole.Error(console, ex.Message, CliConsole.RunFailed);
        }

        await using (runtime)
        {
            var host = runtime.Host;
            console.MarkupLineInterpolated($"Storage: {runtime.StorageDescription}");
            console.MarkupLineInterpolated($"Function app: {appPath}");
            foreach (var line in host.Summary)
            {
                console.MarkupLineInterpolated($"  {line}");
            }

            console.MarkupLineInterpolated($"API: [bold]{host.ApiBaseAddress}augmentations[/]");
            console.MarkupLineInterpolated($"Key: {host.Keys.DefaultKey}  (header x-functions-key, or ?code=)");
            console.MarkupLine("[grey]Drop a CSV into datasets/{name}/ to start a run. Ctrl+C stops.[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return CliConsole.Ok;
    }
}
