using System.Globalization;
using System.Text;
using System.Text.Json;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace Augment.App.Http;

/// <summary>What a status body shows (the Durable Functions HTTP API's <c>showInput</c>, <c>showHistory</c>, <c>showHistoryOutput</c>).</summary>
public sealed record DurableStatusJsonOptions(bool ShowInput = true, bool ShowHistory = false, bool ShowHistoryOutput = false);

/// <summary>
/// The Durable Functions HTTP API's instance status body: <c>name</c>, <c>instanceId</c>, <c>runtimeStatus</c>,
/// <c>input</c>, <c>customStatus</c>, <c>output</c> (the failure message for a failed run), <c>createdTime</c>,
/// <c>lastUpdatedTime</c> and, when asked, <c>historyEvents</c> (scheduled rows folded into their completions).
/// </summary>
public static partial class DurableStatusJson
{
    /// <summary>Writes one instance's status object.</summary>
    public static void Write(Utf8JsonWriter writer, OrchestrationMetadata metadata, DurableStatusJsonOptions? options = null, IList<HistoryEvent>? history = null)
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
        if (FailureReason(metadata) is { } reason)
        {
            // The reason alone, as users read it; the error type stays in the history's Details.
            writer.WriteString("output", reason);
        }
        else
        {
            WriteToken(writer, "output", metadata.SerializedOutput);
        }

        writer.WriteString("createdTime", FormatTime(metadata.CreatedAt));
        writer.WriteString("lastUpdatedTime", FormatTime(metadata.LastUpdatedAt));
        if (options.ShowHistory && history is not null)
        {
            writer.WritePropertyName("historyEvents");
            WriteHistory(writer, history, options);
        }

        writer.WriteEndObject();
    }

    /// <summary>One instance's status as a JSON string.</summary>
    public static string ToJson(OrchestrationMetadata metadata, DurableStatusJsonOptions? options = null, IList<HistoryEvent>? history = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, metadata, options, history);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// A failed run's one-line reason: its failure details' message where the backend keeps them (in memory), else its
    /// output, which DTFx's Azure Storage provider stores as the plain message text (not JSON). Null unless Failed.
    /// </summary>
    public static string? FailureReason(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return null;
        }

        if (metadata.FailureDetails is { } failure)
        {
            return failure.ErrorMessage;
        }

        var output = metadata.SerializedOutput;
        if (string.IsNullOrEmpty(output))
        {
            return "the run failed without a reason";
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : output;
        }
        catch (JsonException)
        {
            return output;
        }
    }

    /// <summary>ISO 8601 UTC to the second, as the Durable Functions API formats instance times.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string FormatEventTime(DateTime time) =>
        DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "Z";

    private static void WriteToken(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (string.IsNullOrEmpty(json))
        {
            writer.WriteNullValue();
            return;
        }

        try
        {
            writer.WriteRawValue(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // A backend that stored plain text (not JSON) in this slot: show it as a string rather than fail the request.
            writer.WriteStringValue(json);
        }
    }
}
