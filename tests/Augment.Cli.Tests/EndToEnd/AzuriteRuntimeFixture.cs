using Augment.Cli.Hosting;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Cli.Tests.EndToEnd;

/// <summary>
/// One real Azurite (started from node_modules, in memory, free ports) with the local host running the app's functions
/// on it (DTFx Azure Storage backend, blob trigger with receipts, trainer processes), shared by the end-to-end tests as
/// the demo runs them. Every test uses its own dataset folder, so the tests also prove that one host keeps serving runs
/// after others failed.
/// </summary>
public sealed class AzuriteRuntimeFixture : IAsyncLifetime
{
    internal FunctionsHostRuntime Runtime { get; private set; } = null!;

    internal IBlobStore Blobs => Runtime.Blobs;

    internal DurableTaskClient Client => Runtime.Client;

    public async Task InitializeAsync() =>
        Runtime = await FunctionsHostRuntime.StartAsync(new FunctionsHostRuntime.Settings(null, 0, null, TimeSpan.FromMilliseconds(500), NullLoggerFactory.Instance), CancellationToken.None);

    /// <summary>The first run whose id begins with <paramref name="prefix"/> that the blob trigger starts within 60 s.</summary>
    public async Task<string> NextRunAsync(string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await foreach (var run in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
            {
                return run.InstanceId;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the blob trigger started no run '{prefix}*' within 60 s");
    }

    /// <summary>Polls until the run ends (or <paramref name="timeout"/>), with inputs and outputs.</summary>
    public async Task<OrchestrationMetadata> WaitForEndAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var meta = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            if (meta is { IsCompleted: true })
            {
                return meta;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{id} is still {meta?.RuntimeStatus} after {timeout}");
            }

            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync() => await Runtime.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AzuriteRuntimeCollection : ICollectionFixture<AzuriteRuntimeFixture>
{
    public const string Name = "azurite-runtime";
}
