using System.Text.Json.Nodes;

namespace Augment.LocalHost.Metadata;

/// <summary>One function: its folder name and the bindings of its <c>function.json</c> (CONTRACTS.md §1.2).</summary>
/// <param name="Name">The function's name (its folder's name).</param>
/// <param name="Bindings">Its bindings, in file order; <c>%Setting%</c> references already resolved.</param>
/// <param name="Disabled">The <c>disabled</c> flag, or the app setting <c>AzureWebJobs.{Name}.Disabled</c>.</param>
public sealed record FunctionMetadata(string Name, IReadOnlyList<BindingMetadata> Bindings, bool Disabled = false)
{
    /// <summary>The function's id in receipts, status blobs and locks: <c>Host.Functions.{Name}</c>.</summary>
    public string FunctionId => $"Host.Functions.{Name}";

    /// <summary>The one input binding whose type ends with <c>Trigger</c>.</summary>
    public BindingMetadata Trigger => Bindings.Single(b => b.IsTrigger);

    /// <summary>Output bindings (direction <c>out</c>), including <c>$return</c>.</summary>
    public IEnumerable<BindingMetadata> Outputs => Bindings.Where(b => b.Direction == BindingDirection.Out);

    /// <summary>True when the handler gets the raw HTTP request (CONTRACTS.md §1.5): exactly one httpTrigger input and one http output.</summary>
    public bool IsHttpInAndOut =>
        Bindings.Count(b => b.Direction != BindingDirection.Out) == 1 && Trigger.Type == BindingTypes.HttpTrigger
        && Outputs.Count() == 1 && Outputs.Single().Type == BindingTypes.Http;
}

/// <summary>Binding type names the local host understands.</summary>
public static class BindingTypes
{
    /// <summary>Polling blob trigger.</summary>
    public const string BlobTrigger = "blobTrigger";

    /// <summary>NCRONTAB timer.</summary>
    public const string TimerTrigger = "timerTrigger";

    /// <summary>Storage queue trigger.</summary>
    public const string QueueTrigger = "queueTrigger";

    /// <summary>HTTP trigger.</summary>
    public const string HttpTrigger = "httpTrigger";

    /// <summary>HTTP output.</summary>
    public const string Http = "http";

    /// <summary>Storage queue output.</summary>
    public const string Queue = "queue";
}

/// <summary>A binding's direction.</summary>
public enum BindingDirection
{
    /// <summary>Input (triggers are inputs).</summary>
    In,

    /// <summary>Output.</summary>
    Out,

    /// <summary>Both.</summary>
    InOut,
}

/// <summary>One binding of a <c>function.json</c>, with typed access to the properties the local host reads.</summary>
/// <param name="Name">The binding's name (the key in <c>Data</c> / <c>Outputs</c>).</param>
/// <param name="Type">Its type, e.g. <c>blobTrigger</c>.</param>
/// <param name="Direction">Its direction.</param>
/// <param name="Properties">Every property as written (settings resolved).</param>
public sealed record BindingMetadata(string Name, string Type, BindingDirection Direction, JsonObject Properties)
{
    /// <summary>True for an input whose type ends with <c>Trigger</c>.</summary>
    public bool IsTrigger => Direction != BindingDirection.Out && Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>A string property, or null.</summary>
    public string? Get(string name) => HostJson.Str(Properties, name);

    /// <summary>A boolean property, or <paramref name="fallback"/>.</summary>
    public bool GetBool(string name, bool fallback) => HostJson.Bool(Properties, name) ?? fallback;

    /// <summary>A string-array property (e.g. <c>methods</c>), or null.</summary>
    public IReadOnlyList<string>? GetList(string name) =>
        (HostJson.Get(Properties, name) as JsonArray)?.Select(n => n?.GetValue<string>() ?? string.Empty).ToList();
}
