using Augment.Storage;
using Augment.Synthesis.Onnx;
using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;

namespace Augment.Pipeline.Tests;

/// <summary>The sampling activities' ONNX Runtime sessions: one per graph, bounded, a fallback recorded with its reason.</summary>
public sealed class OnnxSessionCacheTests
{
    private static readonly OnnxEngineOptions Cpu = new() { Provider = OnnxProviderPreference.Cpu };

    [Fact]
    public void Get_SameGraphTwice_MakesOneSession()
    {
        var cache = new OnnxSessionCache(Cpu);
        var created = 0;

        // Equal bytes in two arrays (two shards read the graph separately): one session.
        var first = cache.Get(Graph(1), 3, 2, _ => created++, _ => Assert.Fail("no fallback"));
        var second = cache.Get(Graph(1), 3, 2, _ => created++, _ => Assert.Fail("no fallback"));

        Assert.NotNull(first.Engine);
        Assert.Same(first.Engine, second.Engine);
        Assert.Equal(1, created);
        Assert.Equal(new SamplerInfo(SamplerInfo.OnnxRuntime, ExecutionProviderChoice.Cpu, first.Engine!.Provider.Reason), first.Info);
    }

    [Fact]
    public void Get_GraphOnnxRuntimeCannotLoad_NoEngineAndTheReason_TriedOnce()
    {
        var cache = new OnnxSessionCache(Cpu);
        var reasons = new List<string>();

        var first = cache.Get([8, 1, 18, 3, 1, 2], 3, 2, _ => Assert.Fail("no session"), reasons.Add);
        var second = cache.Get([8, 1, 18, 3, 1, 2], 3, 2, _ => Assert.Fail("no session"), reasons.Add);

        Assert.Null(first.Engine);
        Assert.Equal(SamplerInfo.Own, first.Info.Engine);
        Assert.Equal(ExecutionProviderChoice.Cpu, first.Info.Provider);
        Assert.Equal($"fallback: {Assert.Single(reasons)}", first.Info.Reason);
        Assert.StartsWith("fallback: ONNX Runtime could not create a session: ", first.Info.Reason, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Get_MoreGraphsThanCapacity_KeepsAtMostCapacity()
    {
        var cache = new OnnxSessionCache(Cpu);
        var created = 0;
        for (var i = 0; i <= OnnxSessionCache.Capacity; i++)
        {
            cache.Get(Graph(i), 3, 2, _ => created++, _ => Assert.Fail("no fallback"));
            Assert.InRange(cache.Count, 1, OnnxSessionCache.Capacity);
        }

        // The first graph's session was dropped with the rest when the fifth came: it is made again.
        cache.Get(Graph(0), 3, 2, _ => created++, _ => Assert.Fail("no fallback"));
        Assert.Equal(OnnxSessionCache.Capacity + 2, created);
    }

    [Fact]
    public async Task ReadGraphAsync_TheExportedBlob_OrAFreshExportWhenItIsMissing()
    {
        var blobs = new InMemoryBlobStore();
        await blobs.CreateContainerIfNotExistsAsync("work");
        byte[] fresh = [4, 5, 6];

        var missing = await OnnxSessionCache.ReadGraphAsync(blobs, "work", "run/model.onnx", s => s.Write(fresh), CancellationToken.None);
        await blobs.UploadAsync("work", "run/model.onnx", new MemoryStream(Graph(2)));
        var stored = await OnnxSessionCache.ReadGraphAsync(blobs, "work", "run/model.onnx", s => s.Write(fresh), CancellationToken.None);

        Assert.Equal(fresh, missing);
        Assert.Equal(Graph(2), stored);
    }

    /// <summary>A 3 → 2 linear layer with seeded weights, as ONNX.</summary>
    private static byte[] Graph(int seed)
    {
        using var graph = new MemoryStream();
        OnnxExporter.Export(new Linear(3, 2, new Random(seed)), 3, graph);
        return graph.ToArray();
    }
}
