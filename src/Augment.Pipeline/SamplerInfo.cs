namespace Augment.Pipeline;

/// <summary>What computed a generator's network while sampling, and why that engine and provider.</summary>
/// <param name="Engine"><see cref="OnnxRuntime"/> or <see cref="Own"/> (our own code: the latent mixture and the copula
/// always, a neural model when ONNX Runtime could not make a session).</param>
/// <param name="Provider"><c>CUDA</c> or <c>CPU</c>.</param>
/// <param name="Reason">One line, e.g. <c>CUDA unavailable (Cpu build): …</c>.</param>
public sealed record SamplerInfo(string Engine, string Provider, string Reason)
{
    /// <summary>ONNX Runtime ran the exported network.</summary>
    public const string OnnxRuntime = "onnxruntime";

    /// <summary>Our own sampler ran.</summary>
    public const string Own = "own";

    /// <summary>Gets a short label, e.g. <c>onnxruntime (CPU)</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Label => $"{Engine} ({Provider})";

    /// <summary>One line for the run: the engine most shards used; when shards differ (one fell back), the reason says
    /// how many used what. Null when no shard recorded it.</summary>
    public static SamplerInfo? Summarize(IEnumerable<SampleShardResult> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return Summarize(shards.Select(s => (s.Index, s.Sampler)));
    }

    /// <summary>The same for shards given as (index, sampler) pairs (the image branch's shards).</summary>
    public static SamplerInfo? Summarize(IEnumerable<(int Index, SamplerInfo? Sampler)> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var groups = shards.Where(s => s.Sampler is not null).GroupBy(s => s.Sampler!).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(s => s.Index)).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var main = groups[0].Key;
        if (groups.Count == 1)
        {
            return main;
        }

        var total = groups.Sum(g => g.Count());
        var others = string.Join("; ", groups.Skip(1).Select(g => $"{g.Count()} of {total} shards: {g.Key.Label}, {g.Key.Reason}"));
        return main with { Reason = $"{main.Reason} ({groups[0].Count()} of {total} shards; {others})" };
    }
}
