using System.Text.Json.Serialization;

namespace Augment.Functions.Invocation;

/// <summary>
/// The body a custom handler returns to the host (CONTRACTS §1.4): <c>Outputs</c> by output binding name,
/// <c>Logs</c> (written to the host's log at Information) and <c>ReturnValue</c>. Always JSON: none of our
/// functions returns plain text through an output binding (the host would base64-decode text that looks like
/// base64).
/// </summary>
/// <param name="Outputs">Output binding values; our functions have none, so this is an empty object.</param>
/// <param name="Logs">Log lines for the host.</param>
/// <param name="ReturnValue">The <c>$return</c> value; null (no function declares a <c>$return</c> binding).</param>
internal sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] string? ReturnValue)
{
    /// <summary>A response with log lines and no outputs.</summary>
    public static InvocationResponse FromLogs(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
