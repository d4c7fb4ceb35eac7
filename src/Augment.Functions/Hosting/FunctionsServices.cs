using Augment.Durable;
using Augment.Functions.Functions;
using Augment.Functions.Invocation;
using Augment.Functions.Management;
using Augment.Functions.Nightly;
using Augment.Pipeline;
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
        services.AddSingleton(_ => new DurableTaskRegistry().AddAugmentPipeline(blobs));
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
}
