using Augment.Durable;
using Augment.Functions.Functions;
using Augment.Functions.Invocation;
using Augment.Functions.Management;
using Augment.Functions.Nightly;
using Augment.Pipeline;
using Augment.Pipeline.Training;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Functions.Hosting;

/// <summary>Registers the handler's services: storage, the durable engine (client, delivered-message processor),
/// the pipeline, the functions and the management API's collaborators.</summary>
internal static class FunctionsServices
{
    public static IServiceCollection AddAugmentFunctions(this IServiceCollection services, FunctionsOptions options, IBlobStore? blobs, IQueueStore? queues, TimeProvider time)
    {
        options.Validate();
        if (blobs is null || queues is null)
        {
            if (string.IsNullOrWhiteSpace(options.StorageConnectionString))
            {
                throw new ArgumentException("AzureWebJobsStorage is not set; use a storage connection string (UseDevelopmentStorage=true for Azurite).");
            }

            (blobs, queues) = StorageClients.FromConnectionString(options.StorageConnectionString);
        }

        var durableOptions = new DurableTaskOptions { TaskHub = options.TaskHub, PartitionCount = options.PartitionCount };
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(blobs);
        services.AddSingleton(queues);
        services.AddSingleton(durableOptions);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(blobs, queues, durableOptions, sp.GetRequiredService<ILogger<AzureStorageOrchestrationService>>()));
        var runner = TrainingRunner(options);
        services.AddSingleton(_ => new DurableTaskRegistry().AddAugmentPipeline(blobs, runner));
        services.AddSingleton(sp => new DurableTaskClient(sp.GetRequiredService<AzureStorageOrchestrationService>(), timeProvider: time));
        services.AddSingleton(sp => new DeliveredMessageProcessor(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            sp.GetRequiredService<DurableTaskRegistry>(),
            durableOptions,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Augment.Durable.Delivered"),
            timeProvider: time));
        services.AddSingleton(sp => new RunStarter(blobs, sp.GetRequiredService<DurableTaskClient>()));
        services.AddSingleton(sp => new NightlyPlanner(blobs, sp.GetRequiredService<DurableTaskClient>()));
        services.AddSingleton<ManagementUrls>();

        services.AddSingleton<IFunction, DatasetUploadedFunction>();
        services.AddSingleton<IFunction, NightlyAugmentationFunction>();
        services.AddSingleton<IFunction, DurableWorkItemsFunction>();
        for (var partition = 0; partition < options.PartitionCount; partition++)
        {
            var index = partition;
            services.AddSingleton<IFunction>(sp => new DurableControlFunction(index, sp.GetRequiredService<DeliveredMessageProcessor>()));
        }

        services.AddHostedService<StartupTasks>();
        if (options.RunWorker)
        {
            services.AddHostedService<InProcessWorker>();
        }

        return services;
    }

    /// <summary>
    /// A trainer dll copied beside this (ASP.NET Core) app runs with the app's runtimeconfig and deps: some of its
    /// dependencies (logging abstractions) are not copied as files here because the app's shared framework has them.
    /// </summary>
    private static string[] BesideTheApp(string trainer)
    {
        var app = AppContext.BaseDirectory;
        var config = Path.Combine(app, "Augment.Functions.runtimeconfig.json");
        var deps = Path.Combine(app, "Augment.Functions.deps.json");
        var beside = string.Equals(Path.GetFullPath(Path.GetDirectoryName(trainer)!), Path.GetFullPath(app).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        return beside && File.Exists(config) && File.Exists(deps) ? ["exec", "--runtimeconfig", config, "--depsfile", deps] : [];
    }

    /// <summary>The configured training job runner, or null to train in process (no <c>Augment__Training__Runner</c>).</summary>
    private static ITrainingJobRunner? TrainingRunner(FunctionsOptions options)
    {
        if (options.Setting(AppSettings.TrainingRunner) is null)
        {
            return null;
        }

        var trainer = options.TrainerPath ?? Path.Combine(AppContext.BaseDirectory, "Augment.Trainer.dll");
        var dll = trainer.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AppSettings.TaskHub] = options.TaskHub,
            [AppSettings.PartitionCount] = options.PartitionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (options.StorageConnectionString is { } connection)
        {
            environment[AppSettings.Storage] = connection;
        }

        return TrainingJobRunners.Create(options.Setting, new LocalProcessRunnerOptions
        {
            FileName = dll ? "dotnet" : trainer,
            Arguments = dll ? [.. BesideTheApp(trainer), trainer] : [],
            LogDirectory = Path.Combine(Path.GetTempPath(), "augment-trainer"),
            Environment = environment,
        });
    }
}
