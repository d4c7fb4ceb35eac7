using System.Collections;
using Augment.Pipeline;
using Augment.Pipeline.Training;
using Augment.Storage;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Augment.Trainer;

/// <summary>
/// The trainer's main: job spec from the first argument or <c>AUGMENT_JOB_SPEC</c>; storage and task hub from the
/// same settings as the function app; trains, then writes its result (<c>models/{runId}/metrics.json</c>, heartbeat <c>done</c>) or its one-line failure (heartbeat <c>failed</c>), which the orchestration's job poll reads.
/// Exit codes: 0 trained, 1 failed (reason on stderr, one line), 2 bad configuration, 143 stopped by SIGTERM.
/// Telemetry: the <c>augment.train</c> span continues the run's trace (the spec's traceparent) and is exported to Azure
/// Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is;
/// flushed before exit.
/// </summary>
internal static class TrainerProgram
{
    public static async Task<int> RunAsync(string[] args, IDictionary environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? Setting(string name) => environment[name] as string is { Length: > 0 } value ? value : null;
        using var tracing = Tracing(Setting);
        try
        {
            return await TrainAsync(args, Setting, output, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            tracing?.ForceFlush(10_000);
        }
    }

    /// <summary>The trainer's exporters, or null when neither setting is there (then no span is even created).</summary>
    private static TracerProvider? Tracing(Func<string, string?> setting)
    {
        var azureMonitor = setting(RunTelemetry.AzureMonitorSetting);
        var otlp = setting(RunTelemetry.OtlpEndpointSetting) is not null;
        if (azureMonitor is null && !otlp)
        {
            return null;
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(setting("OTEL_SERVICE_NAME") ?? "augment-trainer"))
            .AddSource(RunTelemetry.SourceName);
        if (azureMonitor is not null)
        {
            builder.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
        }

        if (otlp)
        {
            // Endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* variables, as the SDK reads them.
            builder.AddOtlpExporter();
        }

        return builder.Build();
    }

    private static async Task<int> TrainAsync(string[] args, Func<string, string?> setting, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var reference = args.Length > 0 ? args[0] : setting(TrainingEvents.JobSpecVariable);
        var connection = setting(AppSettings.Storage);
        var account = setting(AppSettings.Storage + "__accountName");
        if (reference is null || (connection is null && account is null))
        {
            await error.WriteLineAsync($"trainer: {(reference is null ? $"no job spec (argument or {TrainingEvents.JobSpecVariable})" : $"neither {AppSettings.Storage} nor {AppSettings.Storage}__accountName is set")}").ConfigureAwait(false);
            return 2;
        }

        IBlobStore blobs;
        try
        {
            // A connection string (Azurite, key-based), else the account by managed identity, as the app does.
            blobs = connection is not null
                ? StorageClients.FromConnectionString(connection).Blobs
                : StorageClients.FromCredential(new Uri($"https://{account}.blob.core.windows.net"), new Uri($"https://{account}.queue.core.windows.net"), new Azure.Identity.DefaultAzureCredential()).Blobs;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"trainer: bad configuration: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 2;
        }

        var device = GpuProbe.Describe();
        TrainingJobSpec? spec = null;
        string? runEnded = null;
        Uri? statusUrl = null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            spec = await TrainerJob.ReadSpecAsync(blobs, reference, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"trainer: run {spec.RunId}, model {spec.Model}, seed {spec.Seed}, device {device}, gemm kernel {Augment.Tensors.Gemm.Blas.Kernel}").ConfigureAwait(false);
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watchSeconds = int.Parse(setting(RunWatch.IntervalVariable) ?? "2", System.Globalization.CultureInfo.InvariantCulture);
            statusUrl = setting(RunWatch.StatusUrlVariable) is { } template
                && Uri.TryCreate(template.Replace("{runId}", Uri.EscapeDataString(spec.RunId), StringComparison.Ordinal), UriKind.Absolute, out var url) ? url : null;
            var watch = watchSeconds <= 0 || statusUrl is null ? Task.CompletedTask : RunWatch.WatchAsync(RunWatch.OverHttp(http, statusUrl), TimeSpan.FromSeconds(watchSeconds), status =>
            {
                runEnded = status;
                work.Cancel();
            }, TimeProvider.System, work.Token);
            TrainingMetrics metrics;
            try
            {
                metrics = await TrainerJob.RunAsync(blobs, spec, device, TimeProvider.System, work.Token).ConfigureAwait(false);
            }
            finally
            {
                await work.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            await output.WriteLineAsync($"trainer: trained {metrics.ModelKind} on {metrics.TrainRows} {(spec.Images is null ? "rows" : "images")} in {metrics.Seconds:F2} s; result in {TrainingEvents.ModelsContainer}/{spec.RunId}/metrics.json").ConfigureAwait(false);
            if (statusUrl is not null)
            {
                // The result blob is the record; the event only saves the orchestration its next poll.
                var raised = await RunWatch.RaiseAsync(http, RunWatch.EventUrl(statusUrl, TrainingEvents.Completed),
                    System.Text.Json.JsonSerializer.Serialize(metrics, TrainingJsonContext.Default.TrainingMetrics), CancellationToken.None).ConfigureAwait(false);
                await output.WriteLineAsync(raised ? $"trainer: raised {TrainingEvents.Completed}" : $"trainer: could not raise {TrainingEvents.Completed}; the run reads the result on its next poll").ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception ex)
        {
            var stopped = (cancellationToken.IsCancellationRequested || runEnded is not null) && ex is OperationCanceledException;
            var reason = !stopped ? OneLine(ex.Message)
                : runEnded is { } status ? $"trainer stopped: run {spec?.RunId} is {status}" : "trainer stopped by SIGTERM";
            // Stopped by a signal (its host going away): write nothing, so the orchestration sees a lost trainer and starts
            // it again; a real failure writes its reason for the orchestration's poll.
            if (spec is not null && runEnded is null && !stopped)
            {
                await ReportFailureAsync(blobs, spec.RunId, reason).ConfigureAwait(false);
                if (statusUrl is not null)
                {
                    await RunWatch.RaiseAsync(http, RunWatch.EventUrl(statusUrl, TrainingEvents.Failed),
                        System.Text.Json.JsonSerializer.Serialize(reason, TrainingJsonContext.Default.String), CancellationToken.None).ConfigureAwait(false);
                }
            }

            await error.WriteLineAsync($"trainer: {reason}").ConfigureAwait(false);
            return stopped ? 143 : 1;
        }
    }

    private static async Task ReportFailureAsync(IBlobStore blobs, string runId, string reason)
    {
        // Best effort with a fresh token: the run's token may be the one that was cancelled. The orchestration's
        // job-status poll reads this heartbeat (stage "failed") and fails the run with the reason.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await TrainerJob.ReportAsync(blobs, runId, new TrainingProgress("failed", TimeProvider.System.GetUtcNow(), reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageException or OperationCanceledException or IOException)
        {
            // The orchestration's job-status polling still sees the non-zero exit.
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
