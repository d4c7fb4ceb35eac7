using System.CommandLine;
using Augment.Cli.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment host</c>: the offline stand-in for <c>func start</c>. Starts Azurite (unless <c>AzureWebJobsStorage</c>
/// names an account) and the local host running the Functions app's functions, prints the API URL, the key and the
/// functions, and runs until Ctrl+C.
/// </summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port of the host (0 = any free port).", DefaultValueFactory = _ => 7071 };
        var settings = new Option<string>("--settings") { Description = "local.settings.json to read app settings from (if it exists).", DefaultValueFactory = _ => "local.settings.json" };
        var storage = new Option<string?>("--storage-location") { Description = "Folder for a persistent Azurite (default: in memory)." };
        var command = new Command("host", "Run the Functions app locally: Azurite and the local host (blob and timer triggers, HTTP functions, Durable Functions routes) running the app's functions.")
        {
            port, settings, storage,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(port), parse.GetValue(settings)!, parse.GetValue(storage), ct));
        return command;
    }

    private static async Task<int> RunAsync(int port, string settingsPath, string? storageLocation, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (port is < 0 or > 65535)
        {
            return CliConsole.Error(console, $"--port {port} is not a TCP port.", CliConsole.BadInput);
        }

        using var loggers = CliConsole.CreateLoggers(LogLevel.Information);
        console.MarkupLine("[grey]Starting storage and the local host with the app's functions…[/]");
        FunctionsHostRuntime runtime;
        try
        {
            runtime = await FunctionsHostRuntime.StartAsync(new FunctionsHostRuntime.Settings(File.Exists(settingsPath) ? settingsPath : null, port, storageLocation, TimeSpan.FromSeconds(1), loggers) { Progress = line => console.MarkupLineInterpolated($"[grey]{line}[/]") }, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FormatException)
        {
            return CliConsole.Error(console, ex.Message, CliConsole.RunFailed);
        }

        await using (runtime)
        {
            var host = runtime.Host;
            console.MarkupLineInterpolated($"Storage: {runtime.StorageDescription}");
            foreach (var function in host.Functions.OrderBy(f => f.Kind).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                console.MarkupLineInterpolated($"  {function.Kind,-13} {function.Name}");
            }

            console.MarkupLineInterpolated($"API: [bold]{host.BaseAddress}api/augmentations[/]   dashboard: {host.BaseAddress}api/dashboard?code={host.FunctionKey}");
            console.MarkupLineInterpolated($"Durable Functions API: {host.BaseAddress}runtime/webhooks/durabletask/instances");
            console.MarkupLineInterpolated($"Key: {host.FunctionKey}  (header x-functions-key, or ?code=)");
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
