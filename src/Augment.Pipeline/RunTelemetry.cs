using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Augment.Pipeline;

/// <summary>
/// One trace per run. The run's W3C <c>traceparent</c> travels as data (<see cref="AugmentRequest.TraceParent"/>, the
/// activity inputs, the trainer's job spec), and every stage starts its span with that explicit parent, so the trace
/// does not depend on what a host propagates (Functions host, local host, Durable Task's own spans, a separate trainer
/// process). The orchestrator only copies the string: it starts no span and stays deterministic. Spans are created
/// only when something listens to <see cref="SourceName"/> (the app's and the trainer's OpenTelemetry, a test).
/// </summary>
public static class RunTelemetry
{
    /// <summary>The name of the pipeline's <see cref="ActivitySource"/>; subscribe with <c>AddSource(RunTelemetry.SourceName)</c>.</summary>
    public const string SourceName = "Augment.Pipeline";

    /// <summary>The pipeline's spans: <c>augment.run</c> and one per activity execution (<c>augment.profile</c>, …).</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The root span a run starter starts when no span is current.</summary>
    public const string RunSpan = "augment.run";

    /// <summary>The tag every span of a run carries: the run (orchestration instance) id.</summary>
    public const string RunIdTag = "augment.run_id";

    /// <summary>The dataset tag of the root span.</summary>
    public const string DatasetTag = "augment.dataset";

    /// <summary>The trigger tag of the root span (upload, nightly, api, cli).</summary>
    public const string TriggerTag = "augment.trigger";

    /// <summary>The setting that turns on the Azure Monitor exporter (app and trainer).</summary>
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The setting that turns on the OTLP exporter (app and trainer).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The settings a trainer process needs to export like its host: the two above, and the OTLP protocol and headers.</summary>
    public static IReadOnlyList<string> ExporterSettings { get; } = [AzureMonitorSetting, OtlpEndpointSetting, "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS"];

    /// <summary>The span name of a stage: <c>augment.</c> and the stage in snake case (<c>sample_shard</c>).</summary>
    public static string SpanName(string stage) => "augment." + stage;

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/>, or null when it is null or not in W3C format.</summary>
    public static string? TraceParentOf(Activity? activity) => activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    /// <summary>A new, sampled W3C <c>traceparent</c> (random trace and span ids), for a run started where nothing records spans.</summary>
    public static string NewTraceParent() =>
        Format(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded));

    /// <summary>
    /// The parent of a stage's span: <paramref name="traceParent"/> when it is a valid W3C <c>traceparent</c>; otherwise
    /// (a run scheduled without one, an input from before telemetry) a context derived from <paramref name="runId"/>, so
    /// the spans of such a run still share one trace.
    /// </summary>
    public static ActivityContext ParentOf(string runId, string? traceParent)
    {
        if (traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parsed))
        {
            return parsed;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(runId), hash);
        return new ActivityContext(ActivityTraceId.CreateFromBytes(hash[..16]), ActivitySpanId.CreateFromBytes(hash[16..24]), ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>
    /// Starts the span <paramref name="name"/> of run <paramref name="runId"/> as a child of <paramref name="traceParent"/>
    /// (see <see cref="ParentOf"/>), tagged <see cref="RunIdTag"/>; null when nothing listens. Dispose it to end it.
    /// </summary>
    public static Activity? StartStage(string name, string runId, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var activity = Source.StartActivity(name, ActivityKind.Internal, ParentOf(runId, traceParent));
        activity?.SetTag(RunIdTag, runId);
        return activity;
    }

    /// <summary>
    /// Runs <paramref name="run"/> under a stage span (<see cref="StartStage"/>): <paramref name="describe"/> adds tags from
    /// the result; an exception marks the span as failed (status Error, exception event) and is rethrown.
    /// </summary>
    public static async Task<T> TraceAsync<T>(string name, string runId, string? traceParent, Func<Activity?, Task<T>> run, Action<Activity, T>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var activity = StartStage(name, runId, traceParent);
        try
        {
            var result = await run(activity).ConfigureAwait(false);
            if (activity is not null)
            {
                describe?.Invoke(activity, result);
            }

            return result;
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    /// <summary>Marks <paramref name="activity"/> as failed with <paramref name="exception"/> (status Error and an exception event).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.AddException(exception);
    }

    private static string Format(ActivityContext context) => string.Create(CultureInfo.InvariantCulture,
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}");
}
