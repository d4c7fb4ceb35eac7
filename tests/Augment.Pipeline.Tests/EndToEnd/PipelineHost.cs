using System.Text;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Augment.Pipeline.Tests.EndToEnd;

/// <summary>
/// The real AugmentDataset orchestration and activities (<see cref="PipelineRegistration.AddAugmentPipeline(Microsoft.DurableTask.DurableTaskRegistry, IBlobStore)"/>)
/// on Microsoft's in-memory Durable Task backend (<see cref="DurableTaskTestHost"/>: worker, gRPC sidecar and client in
/// this process) over an in-memory blob store.
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    /// <summary>How long one end-to-end run may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private readonly DurableTaskTestHost _host;

    private PipelineHost(DurableTaskTestHost host, InMemoryBlobStore blobs)
    {
        _host = host;
        Blobs = blobs;
    }

    public InMemoryBlobStore Blobs { get; }

    public DurableTaskClient Client => _host.Client;

    public static async Task<PipelineHost> StartAsync()
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var host = await DurableTaskTestHost.StartAsync(r => r.AddAugmentPipeline(blobs), cancellationToken: start.Token);
        return new PipelineHost(host, blobs);
    }

    /// <summary>Uploads <c>datasets/{dataset}/data.csv</c> (and augment.json) and starts its run as the blob trigger would.</summary>
    public async Task<string> StartRunAsync(string dataset, string csv, string? specJson)
    {
        if (specJson is not null)
        {
            await Blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/{WorkArea.SpecFileName}", new MemoryStream(Encoding.UTF8.GetBytes(specJson)));
        }

        await Blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var started = await new RunStarter(Blobs, Client).StartForBlobAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", "test");
        Assert.True(started.Started);
        return started.InstanceId;
    }

    public async Task<OrchestrationMetadata> WaitForEndAsync(string id)
    {
        using var limit = new CancellationTokenSource(Limit);
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);
    }

    /// <summary>Polls the custom status until the run reports <paramref name="stage"/>; fails if the run ends first.</summary>
    public async Task<RunProgress> WaitForStageAsync(string id, string stage)
    {
        using var limit = new CancellationTokenSource(Limit);
        while (true)
        {
            var meta = await Client.GetInstanceAsync(id, getInputsAndOutputs: true, limit.Token);
            if (meta?.SerializedCustomStatus is not null && meta.ReadCustomStatusAs<RunProgress>() is { } progress && progress.Stage == stage)
            {
                return progress;
            }

            Assert.False(meta is { IsCompleted: true }, $"run ended ({meta?.RuntimeStatus}: {meta?.FailureDetails?.ErrorMessage}) before stage {stage}");
            await Task.Delay(100, limit.Token);
        }
    }

    /// <summary>Names of the blobs published under <c>augmented/{dataset}/</c>.</summary>
    public async Task<IReadOnlyList<string>> PublishedAsync(string dataset) =>
        [.. (await Blobs.ListPageAsync(WorkArea.OutputContainer, dataset + "/")).Items.Select(b => b.Name)];

    /// <summary>The first <paramref name="rows"/> rows of <c>samples/adult.csv</c>, with its header.</summary>
    public static string AdultHead(int rows)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "adult.csv")))
        {
            dir = dir.Parent;
        }

        var lines = File.ReadLines(Path.Combine(dir?.FullName ?? throw new FileNotFoundException("samples/adult.csv"), "samples", "adult.csv")).Take(rows + 1);
        return string.Join('\n', lines) + "\n";
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
