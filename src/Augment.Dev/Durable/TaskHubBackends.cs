using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace Augment.Dev.Durable;

/// <summary>Settings of the local host's Durable Task backend, tuned for one machine (every default stated).</summary>
public sealed record TaskHubSettings
{
    /// <summary>The task hub's name (queues, tables and lease container are prefixed with it). Default <c>augment</c>.</summary>
    public string TaskHub { get; init; } = "augment";

    /// <summary>Control-queue partitions. Default 4 (one machine: fewer partitions, fewer queues to poll).</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>
    /// How long a dequeued control or work-item message stays invisible. DTFx's default is 5 minutes, so a crashed host's
    /// in-flight work came back only then; 30 s brings it back soon after a restart. A running activity's message is
    /// renewed every half of this by the local host (<see cref="ActivityLockRenewal"/>: the sidecar's dispatcher does not
    /// renew), so an activity may run for any length of time without being dequeued again.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between queue polls when idle. Default 1 s (DTFx: 30 s), so upload → first activity stays short.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Activity work items the sidecar hands out at once. Default 64. Measured, not guessed: the sidecar's dispatcher
    /// re-checks a full window only every 500 ms, so the processor count (2 here) capped a 200-activity fan-out at
    /// 4 activities/s; CPU-heavy activities (sampling shards) still share the cores through the thread pool.
    /// </summary>
    public int MaxConcurrentActivities { get; init; } = 64;

    /// <summary>Orchestration episodes handed out at once. Default 64 (episodes are short; same dispatcher window as above).</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 64;
}

/// <summary>The two backends the local host runs on: DTFx's Azure Storage provider (on Azurite) and an in-memory one.</summary>
public static class TaskHubBackends
{
    /// <summary>
    /// DTFx's <see cref="AzureStorageOrchestrationService"/> on the account of <paramref name="connectionString"/>, its task
    /// hub created if missing. The same provider the Durable Functions extension uses in Azure.
    /// </summary>
    public static async Task<AzureStorageOrchestrationService> AzureStorageAsync(string connectionString, TaskHubSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = settings.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            PartitionCount = settings.PartitionCount,
            ControlQueueVisibilityTimeout = settings.VisibilityTimeout,
            WorkItemQueueVisibilityTimeout = settings.VisibilityTimeout,
            MaxQueuePollingInterval = settings.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        });
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        return service;
    }

    /// <summary>An in-memory orchestration service (no emulator): for <c>augment run</c> and tests.</summary>
    public static InMemoryOrchestrationService InMemory(ILoggerFactory loggerFactory) => new(loggerFactory);
}
