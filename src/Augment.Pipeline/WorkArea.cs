using System.Globalization;

namespace Augment.Pipeline;

/// <summary>
/// Deterministic blob names. Activities write only under <c>work/{runId}/</c>, so a redelivered activity redoes the
/// same work and overwrites the same blobs; only Merge writes where users read results, <c>augmented/{dataset}/{runId}/</c>.
/// </summary>
public static class WorkArea
{
    /// <summary>Container of uploaded datasets.</summary>
    public const string DatasetsContainer = "datasets";

    /// <summary>Container of intermediate blobs.</summary>
    public const string WorkContainer = "work";

    /// <summary>Container of published results.</summary>
    public const string OutputContainer = "augmented";

    /// <summary>The file name of the run spec beside a dataset's CSV.</summary>
    public const string SpecFileName = "augment.json";

    /// <summary>The published file names, in the order Merge writes them (report.json last: it marks a complete run).</summary>
    public static IReadOnlyList<string> OutputFiles { get; } = ["augmented.csv", "synthetic.csv", "report.html", "report.json"];

    public static string Train(string runId) => $"{runId}/train.csv";

    public static string Holdout(string runId) => $"{runId}/holdout.csv";

    /// <summary>The sample of the training rows the generator is fit on, written only when there are more training rows
    /// than <see cref="Spec.InputLimits.MaxTrainingRows"/> (else it fits <see cref="Train"/>).</summary>
    public static string FitSample(string runId) => $"{runId}/fit.csv";

    /// <summary>The training rows' identifier columns (same row order as <see cref="Train"/>), when there are any.</summary>
    public static string Identifiers(string runId) => $"{runId}/identifiers.csv";

    public static string Schema(string runId) => $"{runId}/schema.json";

    public static string Model(string runId) => $"{runId}/model.json";

    /// <summary>The network of a neural model (TVAE, CTGAN) as ONNX, exported once when training ends; SampleShard runs it
    /// through ONNX Runtime.</summary>
    public static string OnnxModel(string runId) => $"{runId}/model.onnx";

    /// <summary>The training progress the Train activity keeps up to date (<see cref="TrainingStatus"/>).</summary>
    public static string Progress(string runId) => $"{runId}/progress.json";

    public static string Shard(string runId, int index) => $"{runId}/shards/{index.ToString("D5", CultureInfo.InvariantCulture)}.csv";

    public static string Filtered(string runId) => $"{runId}/synthetic.csv";

    public static string Evaluation(string runId) => $"{runId}/evaluation.json";

    public static string OutputPrefix(string dataset, string runId) => $"{dataset}/{runId}/";

    /// <summary>The seed of one shard: a fixed mix of the run seed and the shard index (never the instance id, so the
    /// same data, spec and seed sample the same rows however the run was started).</summary>
    public static int ShardSeed(int seed, int shardIndex)
    {
        unchecked
        {
            var x = ((ulong)(uint)seed << 32) | (uint)shardIndex;
            x ^= x >> 33;
            x *= 0xff51afd7ed558ccdUL;
            x ^= x >> 33;
            x *= 0xc4ceb9fe1a85ec53UL;
            x ^= x >> 33;
            return (int)(x & 0x7fffffff);
        }
    }
}
