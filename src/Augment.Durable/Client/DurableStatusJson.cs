using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Augment.Durable;

/// <summary>What <see cref="DurableStatusJson"/> includes (the Durable Functions status query parameters).</summary>
/// <param name="ShowInput">Include <c>input</c> (and activity inputs in history).</param>
/// <param name="ShowHistory">Include <c>historyEvents</c>.</param>
/// <param name="ShowHistoryOutput">Include <c>Result</c> in history rows.</param>
public sealed record DurableStatusJsonOptions(bool ShowInput = true, bool ShowHistory = false, bool ShowHistoryOutput = false);

/// <summary>
/// Writes the Durable Functions HTTP status payload: camelCase <c>name, instanceId, runtimeStatus, input,
/// customStatus, output, createdTime, lastUpdatedTime</c> (times as <c>yyyy-MM-ddTHH:mm:ssZ</c>; payloads as raw
/// JSON tokens, <c>null</c> when absent) and, when asked, <c>historyEvents</c> with Durable Functions' folding:
/// OrchestratorStarted/Completed dropped, TaskScheduled folded into its completion row as <c>FunctionName</c>,
/// <c>ScheduledTime</c> (and <c>Input</c> with ShowInput), <c>Result</c> only with ShowHistoryOutput.
/// </summary>
public static partial class DurableStatusJson
{
    /// <summary>Writes one status object.</summary>
    public static void Write(Utf8JsonWriter writer, OrchestrationMetadata metadata, DurableStatusJsonOptions? options = null, IReadOnlyList<HistoryEvent>? history = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metadata);
        options ??= new DurableStatusJsonOptions();
        writer.WriteStartObject();
        writer.WriteString("name", metadata.Name);
        writer.WriteString("instanceId", metadata.InstanceId);
        writer.WriteString("runtimeStatus", metadata.RuntimeStatus.ToString());
        WriteToken(writer, "input", options.ShowInput ? metadata.SerializedInput : null);
        WriteToken(writer, "customStatus", metadata.SerializedCustomStatus);
        WriteToken(writer, "output", metadata.SerializedOutput ?? FailureOutput(metadata));
        writer.WriteString("createdTime", FormatTime(metadata.CreatedAt));
        writer.WriteString("lastUpdatedTime", FormatTime(metadata.LastUpdatedAt));
        if (options.ShowHistory && history is not null)
        {
            writer.WritePropertyName("historyEvents");
            WriteHistory(writer, history, options);
        }

        writer.WriteEndObject();
    }

    /// <summary>The status object as a string.</summary>
    public static string ToJson(OrchestrationMetadata metadata, DurableStatusJsonOptions? options = null, IReadOnlyList<HistoryEvent>? history = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, metadata, options, history);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Formats a time the way the status API does: <c>ToString("s") + "Z"</c>, UTC, no fraction.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string FormatEventTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "Z";

    private static string? FailureOutput(OrchestrationMetadata metadata) =>
        metadata.FailureDetails is { } f ? JsonSerializer.Serialize(f.ToString(), StatusJsonContext.Default.String) : null;

    private static void WriteToken(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (string.IsNullOrEmpty(json))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StatusJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
