using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment status &lt;id&gt;</c>, <c>augment runs</c>, <c>augment approve|reject|terminate &lt;id&gt;</c>: the
/// management API over HTTP. Exit codes: 0 ok, 2 bad input, 3 unknown run, 4 host unreachable, 5 key refused,
/// 6 refused otherwise (e.g. the run already ended).
/// </summary>
internal static class ManageCommands
{
    public static Command Status()
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "The run (instance) id." };
        var command = api.AddTo(new Command("status", "Show one run: status, rows, custom status.") { id });
        command.SetAction((parse, ct) => ExecuteAsync(parse, api, async (client, console, json) =>
        {
            var run = await client.GetAsync($"api/augmentations/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
            if (json)
            {
                Console.Out.WriteLine(run.GetRawText());
            }

            var table = new Table().AddColumns("field", "value");
            foreach (var (name, value) in Facts(run))
            {
                table.AddRow(Markup.Escape(name), Markup.Escape(value));
            }

            console.Write(table);
            return run.GetProperty("runtimeStatus").GetString() is "Failed" or "Terminated" ? CliConsole.RunFailed : CliConsole.Ok;
        }));
        return command;
    }

    public static Command Runs()
    {
        var api = new ApiOptions();
        var status = new Option<string?>("--status") { Description = "Only runs in these states, comma-separated (Running,Completed,…)." };
        var dataset = new Option<string?>("--dataset") { Description = "Only runs whose id starts with this dataset name." };
        var top = new Option<int>("--top") { Description = "At most this many runs.", DefaultValueFactory = _ => 50 };
        var command = api.AddTo(new Command("runs", "List runs, newest first.") { status, dataset, top });
        command.SetAction((parse, ct) => ExecuteAsync(parse, api, async (client, console, json) =>
        {
            var query = $"api/augmentations?showInput=true&top={parse.GetValue(top)}";
            query += parse.GetValue(status) is { Length: > 0 } s ? "&runtimeStatus=" + Uri.EscapeDataString(s) : "";
            query += parse.GetValue(dataset) is { Length: > 0 } d ? "&instanceIdPrefix=" + Uri.EscapeDataString(d.ToLowerInvariant()) : "";
            var runs = await client.GetAsync(query, ct);
            if (json)
            {
                Console.Out.WriteLine(runs.GetRawText());
            }

            var table = new Table().AddColumns("run", "dataset", "trigger", "status", "created", "real", "synthetic");
            table.Columns[0].NoWrap();
            table.Columns[3].NoWrap();
            foreach (var run in runs.EnumerateArray().OrderByDescending(r => r.GetProperty("createdTime").GetString(), StringComparer.Ordinal))
            {
                var input = run.GetProperty("input");
                var output = run.GetProperty("output");
                table.AddRow(
                    Markup.Escape(Text(run, "instanceId")), Markup.Escape(Text(input, "dataset")), Markup.Escape(Text(input, "trigger")),
                    Markup.Escape(Text(run, "runtimeStatus")), Markup.Escape(Text(run, "createdTime")), Text(output, "realRows"), Text(output, "syntheticRows"));
            }

            console.Write(table);
            return CliConsole.Ok;
        }));
        return command;
    }

    /// <summary><c>approve</c>, <c>reject</c> or <c>terminate</c>: POST to the run's action route (202 = accepted).</summary>
    public static Command Action(string action, string description)
    {
        var api = new ApiOptions();
        var id = new Argument<string>("id") { Description = "The run (instance) id." };
        var reason = new Option<string?>("--reason") { Description = "Why (terminate only; recorded in the history)." };
        var command = api.AddTo(new Command(action, description) { id });
        if (action == "terminate")
        {
            command.Options.Add(reason);
        }

        command.SetAction((parse, ct) => ExecuteAsync(parse, api, async (client, console, json) =>
        {
            var runId = parse.GetValue(id)!;
            var path = $"api/augmentations/{Uri.EscapeDataString(runId)}/{action}";
            path += parse.GetValue(reason) is { Length: > 0 } r ? "?reason=" + Uri.EscapeDataString(r) : "";
            var (code, _) = await client.PostJsonAsync(path, "null", ct);
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = runId, ["action"] = action, ["status"] = (int)code }, CliJsonContext.Default.DictionaryStringObject));
            }

            console.MarkupLineInterpolated($"{action}: sent to [bold]{runId}[/] (HTTP {(int)code}).");
            return CliConsole.Ok;
        }));
        return command;
    }

    /// <summary>Runs a command body with its client and console; an <see cref="ApiException"/> becomes one red line and its exit code.</summary>
    internal static async Task<int> ExecuteAsync(ParseResult parse, ApiOptions api, Func<ApiClient, IAnsiConsole, bool, Task<int>> body)
    {
        var json = parse.GetValue(api.Json);
        var console = CliConsole.Create(json);
        try
        {
            using var client = api.Client(parse);
            return await body(client, console, json);
        }
        catch (ApiException ex)
        {
            return CliConsole.Error(console, ex.Message, ex.ExitCode);
        }
    }

    internal static IEnumerable<(string Name, string Value)> Facts(JsonElement run)
    {
        var input = run.TryGetProperty("input", out var i) ? i : default;
        var output = run.TryGetProperty("output", out var o) ? o : default;
        yield return ("run", Text(run, "instanceId"));
        yield return ("status", Text(run, "runtimeStatus"));
        yield return ("dataset", Text(input, "dataset"));
        yield return ("source", Text(input, "blobName"));
        yield return ("trigger", Text(input, "trigger"));
        yield return ("created", Text(run, "createdTime"));
        yield return ("updated", Text(run, "lastUpdatedTime"));
        yield return ("real rows", Text(output, "realRows"));
        yield return ("synthetic rows", Text(output, "syntheticRows"));
        yield return ("custom status", run.TryGetProperty("customStatus", out var c) && c.ValueKind != JsonValueKind.Null ? c.GetRawText() : "-");
        if (output.ValueKind == JsonValueKind.String)
        {
            yield return ("error", output.GetString() ?? "-");
        }
    }

    internal static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch { JsonValueKind.String => value.GetString() ?? "-", JsonValueKind.Null => "-", _ => value.GetRawText() }
            : "-";
}

/// <summary>Source-generated JSON for the CLI's own small outputs.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class CliJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
