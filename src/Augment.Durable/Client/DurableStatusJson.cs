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
public static class DurableStatusJson
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

    private static void WriteHistory(Utf8JsonWriter writer, IReadOnlyList<HistoryEvent> history, DurableStatusJsonOptions options)
    {
        var scheduled = history.OfType<TaskScheduledEvent>().ToDictionary(e => e.EventId);
        writer.WriteStartArray();
        foreach (var e in history)
        {
            if (e is OrchestratorStartedEvent or OrchestratorCompletedEvent or TaskScheduledEvent)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("EventType", e.EventType.ToString());
            switch (e)
            {
                case ExecutionStartedEvent started:
                    writer.WriteString("FunctionName", started.Name);
                    if (options.ShowInput && started.Input is not null)
                    {
                        WriteToken(writer, "Input", started.Input);
                    }

                    break;
                case TaskCompletedEvent completed:
                    WriteScheduled(writer, scheduled.GetValueOrDefault(completed.TaskScheduledId), options);
                    if (options.ShowHistoryOutput)
                    {
                        WriteToken(writer, "Result", completed.Result);
                    }

                    WriteScheduledTime(writer, scheduled.GetValueOrDefault(completed.TaskScheduledId));
                    break;
                case TaskFailedEvent failed:
                    WriteScheduled(writer, scheduled.GetValueOrDefault(failed.TaskScheduledId), options);
                    writer.WriteString("Reason", failed.Reason);
                    writer.WriteString("Details", failed.FailureDetails.ToString());
                    WriteScheduledTime(writer, scheduled.GetValueOrDefault(failed.TaskScheduledId));
                    break;
                case ExecutionCompletedEvent done:
                    writer.WriteString("OrchestrationStatus", done.OrchestrationStatus.ToString());
                    if (options.ShowHistoryOutput)
                    {
                        WriteToken(writer, "Result", done.Result);
                    }

                    break;
                case ExecutionFailedEvent failedExecution:
                    writer.WriteString("OrchestrationStatus", failedExecution.OrchestrationStatus.ToString());
                    writer.WriteString("Reason", failedExecution.FailureDetails.ErrorMessage);
                    writer.WriteString("Details", failedExecution.FailureDetails.ToString());
                    break;
                default:
                    break;
            }

            writer.WriteString("Timestamp", FormatEventTime(e.Timestamp));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteScheduled(Utf8JsonWriter writer, TaskScheduledEvent? scheduled, DurableStatusJsonOptions options)
    {
        if (scheduled is null)
        {
            return;
        }

        writer.WriteString("FunctionName", scheduled.Name);
        if (options.ShowInput && scheduled.Input is not null)
        {
            WriteToken(writer, "Input", scheduled.Input);
        }
    }

    private static void WriteScheduledTime(Utf8JsonWriter writer, TaskScheduledEvent? scheduled)
    {
        if (scheduled is not null)
        {
            writer.WriteString("ScheduledTime", FormatEventTime(scheduled.Timestamp));
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StatusJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
