using System.Globalization;
using System.Text.Json;
using Augment.App.Http;
using Augment.Pipeline;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Training;
using Augment.Storage;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Augment.App.Hosting;

/// <summary>
/// The app's service composition: the one place both hosts (the Functions host in Azure, the local host in
/// Augment.Dev) get the services the <c>[Function]</c> classes take in their constructors.
/// </summary>
public static class AppServices
{
    /// <summary>How every host serialises orchestration inputs, outputs and custom status: camelCase JSON.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The run-status URL template (<c>{runId}</c>, key included) handed to trainers so they stop when their run ends.</summary>
    public const string RunStatusUrlSetting = TrainingEvents.RunStatusUrlVariable;

    /// <summary>
    /// Registers storage, the pipeline's activities, the training job runner, the management API's helpers and tracing:
    /// the run's spans (<see cref="RunTelemetry.SourceName"/>) go to Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// (both hosts; the Functions host's <c>UseFunctionsWorkerDefaults</c> is added in Program.cs).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid (one line).</exception>
    public static IServiceCollection AddAugmentApp(this IServiceCollection services, IConfiguration configuration, IBlobStore? blobs = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = AppOptions.From(configuration);
        blobs ??= options.CreateBlobStore();
        var runner = TrainingRunner(options);
        services.AddSingleton(options);
        services.AddSingleton(blobs);
        services.AddSingleton(sp => new PipelineActivities(blobs, runner, loggers: sp.GetService<ILoggerFactory>()));
        services.AddSingleton(sp => new Pipeline.Images.ImageActivities(blobs, loggers: sp.GetService<ILoggerFactory>(), time: sp.GetService<TimeProvider>()));
        services.AddSingleton(new TrainingJobPolicy());
        services.AddSingleton<ManagementUrls>();
        services.TryAddSingleton<IOrchestrationHistory, ClientOrchestrationHistory>();
        services.AddSingleton(TimeProvider.System);
        AddTracing(services, options);
        return services;
    }

    private static void AddTracing(IServiceCollection services, AppOptions options)
    {
        var azureMonitor = options.Setting(RunTelemetry.AzureMonitorSetting);
        var otlp = options.Setting(RunTelemetry.OtlpEndpointSetting) is not null;
        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource(RunTelemetry.SourceName);
            if (azureMonitor is not null)
            {
                tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
            }

            if (otlp)
            {
                // Endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* settings, as the SDK reads them.
                tracing.AddOtlpExporter();
            }
        });
    }

    /// <summary>The configured training job runner, or null to train in process (no <c>Augment__Training__Runner</c>).</summary>
    private static ITrainingJobRunner? TrainingRunner(AppOptions options)
    {
        if (options.Setting(AppSettings.TrainingRunner) is null)
        {
            return null;
        }

        var trainer = options.TrainerPath ?? Path.Combine(AppContext.BaseDirectory, "Augment.Trainer.dll");
        var dll = trainer.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.StorageConnectionString is { } connection)
        {
            environment[AppSettings.Storage] = connection;
        }
        else
        {
            environment[AppSettings.Storage + "__accountName"] = options.StorageAccountName!;
        }
        if (options.Setting(RunStatusUrlSetting) is { } statusUrl)
        {
            // The trainer watches its run through the Durable Functions status route (the local host sets this).
            environment[RunStatusUrlSetting] = statusUrl;
        }

        foreach (var name in RunTelemetry.ExporterSettings)
        {
            if (options.Setting(name) is { } value)
            {
                // The trainer exports its augment.train span like the app (settings may come from configuration, not the environment).
                environment[name] = value;
            }
        }

        // Per-user, per-process log folder (not a fixed world-readable /tmp path shared by every host on the machine).
        var logs = options.Setting("Augment__Training__LogDirectory")
            ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"augment-trainer-{Environment.UserName}-{Environment.ProcessId}"));
        return TrainingJobRunners.Create(options.Setting, new LocalProcessRunnerOptions
        {
            FileName = dll ? "dotnet" : trainer,
            Arguments = dll ? [trainer] : [],
            LogDirectory = logs,
            Environment = environment,
        });
    }
}
