using Augment.Dev;
using Augment.Pipeline;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Augment.Cli.Hosting;

/// <summary>
/// <c>augment run</c>'s runtime: the app's functions on the local host over the in-memory Durable Task backend and an
/// in-memory blob store; no emulator, no triggers (the command starts its run itself), training in process.
/// </summary>
internal sealed class PipelineRuntime : IAsyncDisposable
{
    private readonly LocalFunctionHost _host;

    private PipelineRuntime(LocalFunctionHost host, IBlobStore blobs)
    {
        _host = host;
        Blobs = blobs;
    }

    /// <summary>The in-memory blob store.</summary>
    public IBlobStore Blobs { get; }

    /// <summary>The durable client.</summary>
    public DurableTaskClient Client => _host.Client;

    /// <summary>Starts runs for uploaded datasets.</summary>
    public RunStarter Starter => new(Blobs, Client);

    /// <summary>Starts everything in memory.</summary>
    public static async Task<PipelineRuntime> StartInMemoryAsync(ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs, cancellationToken);
        var host = await LocalFunctionHost.StartAsync(
            new LocalHostOptions
            {
                // Never used to connect: the in-memory store replaces storage; the setting is required by the app.
                Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" },
                Backend = DurableBackend.InMemory,
                RunTriggers = false,
                Blobs = blobs,
            },
            loggers,
            cancellationToken);
        return new PipelineRuntime(host, blobs);
    }

    /// <summary>Stops the host.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
