using Augment.Cli.Hosting;
using System.Collections.Concurrent;

namespace Augment.Cli.Tests.EndToEnd;

/// <summary>
/// One real Azurite (started from node_modules, in memory, free ports) with the durable engine and the blob trigger
/// running on it, shared by the end-to-end tests, as the demo runs them. Every test uses its own dataset folder,
/// so the tests also prove that one host keeps serving runs after others failed.
/// </summary>
public sealed class AzuriteRuntimeFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiters = new();

    internal PipelineRuntime Runtime { get; private set; } = null!;

    /// <summary>What the trigger's function did, in order.</summary>
    internal ConcurrentQueue<Augment.Pipeline.RunStarter.StartResult> Triggered { get; } = new();

    public async Task InitializeAsync()
    {
        Runtime = await PipelineRuntime.StartOnAzuriteAsync(started =>
        {
            var id = started.InstanceId;
            Triggered.Enqueue(started);
            foreach (var (prefix, waiter) in _waiters)
            {
                if (id.StartsWith(prefix, StringComparison.Ordinal))
                {
                    waiter.TrySetResult(id);
                }
            }
        }, CancellationToken.None);
    }

    /// <summary>Returns a task that completes with the next instance id the trigger starts whose id begins with <paramref name="prefix"/>.</summary>
    public Task<string> NextRunAsync(string prefix)
    {
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[prefix] = waiter;
        return waiter.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync() => await Runtime.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AzuriteRuntimeCollection : ICollectionFixture<AzuriteRuntimeFixture>
{
    public const string Name = "azurite-runtime";
}
