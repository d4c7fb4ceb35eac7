using Augment.Dev;
using Augment.Pipeline;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Augment.Cli.Hosting;

/// <summary>
/// <c>augment run</c>'s runtime: the app's functions on the local host over the in-memory Durable Task backend and an
/// in-memory blob store; no emulator, no triggers (the command starts its run itself), training in process. Blobs
/// over 8 MB (the upload, the train/holdout split, the outputs of a large dataset) are kept in a temporary folder
/// instead of memory, deleted when the runtime stops, so the process's memory does not grow with every blob it writes.
/// </summary>
internal sealed class PipelineRuntime : IAsyncDisposable
{
    private readonly LocalFunctionHost _host;

    private readonly string _spillFolder;

    private PipelineRuntime(LocalFunctionHost host, IBlobStore blobs, string spillFolder)
    {
        _host = host;
        Blobs = blobs;
        _spillFolder = spillFolder;
    }

    /// <summary>The in-memory blob store.</summary>
    public IBlobStore Blobs { get; }

    /// <summary>The durable client.</summary>
    public DurableTaskClient Client => _host.Client;

    /// <summary>Starts runs for uploaded datasets.</summary>
    public RunStarter Starter => new(Blobs, Client);

    /// <summary>Starts everything in process: in-memory Durable Task backend, in-memory blob store spilling large blobs to a temporary folder.</summary>
    public static async Task<PipelineRuntime> StartInMemoryAsync(ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var spillFolder = Path.Combine(Path.GetTempPath(), $"augment-run-{Guid.NewGuid():N}");
        var blobs = new InMemoryBlobStore(null, spillFolder);
        try
        {
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
            return new PipelineRuntime(host, blobs, spillFolder);
        }
        catch
        {
            DeleteFolder(spillFolder);
            throw;
        }
    }

    /// <summary>Stops the host and deletes the blobs kept on disk.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        DeleteFolder(_spillFolder);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
