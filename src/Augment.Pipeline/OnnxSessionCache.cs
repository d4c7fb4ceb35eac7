using System.Collections.Concurrent;
using System.Security.Cryptography;
using Augment.Storage;
using Augment.Synthesis.Onnx;

namespace Augment.Pipeline;

/// <summary>
/// The ONNX Runtime sessions of a sampling activity (SampleShard for tables, SampleImages for images): one per exported
/// graph — keyed by its SHA-256, so a run's shards share one — per process, at most <see cref="Capacity"/> graphs.
/// When ONNX Runtime cannot make a session the entry holds no engine and a <c>fallback: …</c> reason, so a graph is
/// tried once, and each shard records what sampled it.
/// </summary>
/// <param name="options">How sessions are made (provider preference).</param>
internal sealed class OnnxSessionCache(OnnxEngineOptions options)
{
    /// <summary>The most graphs whose sessions are kept; a new graph past it drops them all.</summary>
    public const int Capacity = 4;

    private readonly ConcurrentDictionary<string, Lazy<(OnnxNetworkEngine? Engine, SamplerInfo Info)>> sessions = new(StringComparer.Ordinal);

    /// <summary>Gets how many graphs have a session (or a recorded fallback) now.</summary>
    public int Count => sessions.Count;

    /// <summary>The graph a training activity exported to <paramref name="container"/>/<paramref name="name"/>, or,
    /// for a model trained before it did, the graph <paramref name="export"/> writes from the loaded model
    /// (milliseconds).</summary>
    /// <param name="blobs">The store.</param>
    /// <param name="container">The graph's container.</param>
    /// <param name="name">The graph's blob name.</param>
    /// <param name="export">Writes the graph from the loaded model.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public static async Task<byte[]> ReadGraphAsync(IBlobStore blobs, string container, string name, Action<Stream> export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(export);
        await using var download = await blobs.OpenReadAsync(container, name, null, cancellationToken);
        using var bytes = new MemoryStream();
        if (download is null)
        {
            export(bytes);
        }
        else
        {
            await download.Content.CopyToAsync(bytes, cancellationToken);
        }

        return bytes.ToArray();
    }

    /// <summary>The session for <paramref name="graph"/>, made on first use; or no session and why.</summary>
    /// <param name="graph">The ONNX model.</param>
    /// <param name="inputWidth">The network's input width.</param>
    /// <param name="outputWidth">The network's output width.</param>
    /// <param name="created">Called once when a session is made (to log its provider and reason).</param>
    /// <param name="fellBack">Called once with the reason when none can be made.</param>
    public (OnnxNetworkEngine? Engine, SamplerInfo Info) Get(byte[] graph, int inputWidth, int outputWidth, Action<ExecutionProviderChoice> created, Action<string> fellBack)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var key = Convert.ToHexString(SHA256.HashData(graph));
        if (sessions.Count >= Capacity && !sessions.ContainsKey(key))
        {
            // Older runs' sessions are dropped, not disposed (a shard may still be using one); their finalizers free them.
            sessions.Clear();
        }

        return sessions.GetOrAdd(key, _ => new Lazy<(OnnxNetworkEngine?, SamplerInfo)>(() => Create(graph, inputWidth, outputWidth, created, fellBack))).Value;
    }

    private (OnnxNetworkEngine? Engine, SamplerInfo Info) Create(byte[] graph, int inputWidth, int outputWidth, Action<ExecutionProviderChoice> created, Action<string> fellBack)
    {
        try
        {
            var engine = OnnxNetworkEngine.Create(graph, inputWidth, outputWidth, options);
            created?.Invoke(engine.Provider);
            return (engine, new SamplerInfo(SamplerInfo.OnnxRuntime, engine.Provider.Provider, engine.Provider.Reason));
        }
        catch (OnnxEngineUnavailableException e)
        {
            fellBack?.Invoke(e.Message);
            return (null, new SamplerInfo(SamplerInfo.Own, ExecutionProviderChoice.Cpu, $"fallback: {e.Message}"));
        }
    }
}
