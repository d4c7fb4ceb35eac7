using Augment.Durable;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Functions.Hosting;

/// <summary>Creates the pipeline's containers and the task hub's queues and containers (idempotent) before work arrives.</summary>
internal sealed class StartupTasks(IBlobStore blobs, AzureStorageOrchestrationService service) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PipelineRegistration.EnsureContainersAsync(blobs, cancellationToken);
        await service.CreateIfNotExistsAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The optional in-process durable worker (<see cref="FunctionsOptions.RunWorker"/>): polls the task hub's queues
/// itself, for running the handler without a Functions host.</summary>
internal sealed class InProcessWorker(AzureStorageOrchestrationService service, DurableTaskRegistry registry, DurableTaskOptions options, ILogger<DurableTaskWorker> logger, TimeProvider time)
    : IHostedService, IAsyncDisposable
{
    private readonly DurableTaskWorker _worker = new(service, registry, options, logger, timeProvider: time);

    public Task StartAsync(CancellationToken cancellationToken) => _worker.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _worker.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _worker.DisposeAsync();
}
