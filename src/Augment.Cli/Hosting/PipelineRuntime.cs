using Augment.Durable;
using Augment.LocalHost.Triggers;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Cli.Hosting;

/// <summary>
/// Everything one process needs to run AugmentDataset: storage, the durable engine (backend, worker, client) and,
/// on Azurite, the local blob trigger. Disposing it stops them in reverse order.
/// </summary>
internal sealed class PipelineRuntime : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private PipelineRuntime(IBlobStore blobs, DurableTaskClient client)
    {
        Blobs = blobs;
        Client = client;
    }

    public IBlobStore Blobs { get; }

    public DurableTaskClient Client { get; }

    public RunStarter Starter => new(Blobs, Client);

    /// <summary>The whole pipeline in memory: no emulator, no network.</summary>
    public static async Task<PipelineRuntime> StartInMemoryAsync(CancellationToken cancellationToken)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs, cancellationToken);
        var service = new InMemoryOrchestrationService();
        return await StartEngineAsync(blobs, service, null, cancellationToken);
    }

    /// <summary>
    /// Starts Azurite (in memory, free ports), the durable engine on it, and the blob trigger on
    /// <c>datasets/{name}/*.csv</c>, whose function starts a run per new content.
    /// </summary>
    public static async Task<PipelineRuntime> StartOnAzuriteAsync(Action<RunStarter.StartResult>? onTriggered, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteEmulator.StartAsync(cancellationToken: cancellationToken);
        try
        {
            var (blobs, queues) = StorageClients.FromConnectionString(azurite.ConnectionString);
            await PipelineRegistration.EnsureContainersAsync(blobs, cancellationToken);
            var service = new AzureStorageOrchestrationService(blobs, queues, new DurableTaskOptions { TaskHub = "augment" });
            var runtime = await StartEngineAsync(blobs, service, azurite, cancellationToken);
            var starter = runtime.Starter;
            var trigger = new BlobTriggerListener(
                blobs,
                queues,
                new BlobTriggerOptions
                {
                    FunctionName = "DatasetUploaded",
                    Container = WorkArea.DatasetsContainer,
                    Filter = RunStarter.IsDatasetBlob,
                    ScanInterval = TimeSpan.FromSeconds(1),
                },
                async (invocation, ct) =>
                {
                    var started = await starter.StartForBlobAsync(invocation.Container, invocation.BlobName, "upload", ct);
                    onTriggered?.Invoke(started);
                });
            await trigger.StartAsync(cancellationToken);
            runtime._owned.Add(trigger);
            return runtime;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    private static async Task<PipelineRuntime> StartEngineAsync(IBlobStore blobs, IOrchestrationService service, IAsyncDisposable? first, CancellationToken cancellationToken)
    {
        var registry = new DurableTaskRegistry().AddAugmentPipeline(blobs);
        var worker = new DurableTaskWorker(service, registry, new DurableTaskOptions { TaskHub = "augment" });
        await worker.StartAsync(cancellationToken);
        var runtime = new PipelineRuntime(blobs, new DurableTaskClient(service));
        if (first is not null)
        {
            runtime._owned.Add(first);
        }

        runtime._owned.Add(worker);
        return runtime;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }
}
