using System.Text.Json;
using Augment.Synthesis.Transforms;
using Augment.Tensors;
using Augment.Tensors.IO;

namespace Augment.Synthesis.Neural;

/// <summary>Writes and reads a neural generator: safetensors weights + manifest with the fitted transformer.</summary>
internal static class NeuralModelFile
{
    public const int Version = 1;

    public static void Write(
        Stream destination, string format, DataTransformer transformer, long seed,
        Dictionary<string, double> hyperparameters, TrainingMetrics? metrics, IEnumerable<(string, Tensor)> tensors)
    {
        var manifest = new ModelManifest
        {
            Format = format,
            Version = Version,
            Seed = seed,
            CreatedBy = "Augment.Synthesis",
            Transforms = JsonSerializer.SerializeToElement(transformer.File, TransformJsonContext.Default.TransformFile),
            Hyperparameters = hyperparameters,
            Metrics = metrics is null ? [] : new()
            {
                ["steps"] = metrics.Steps,
                ["loss"] = double.IsFinite(metrics.Loss) ? metrics.Loss : 0,
                ["seconds"] = metrics.Seconds,
                ["stopped_by_budget"] = metrics.StoppedBy == "time-budget" ? 1 : 0,
            },
        };
        ModelFile.Write(destination, manifest, tensors);
    }

    public static (ModelManifest Manifest, DataTransformer Transformer, Dictionary<string, Tensor> Tensors) Read(Stream source, string format)
    {
        var (manifest, tensors) = ModelFile.Read(source, format, Version);
        if (manifest.Transforms is not { } json)
        {
            throw new InvalidDataException($"The '{format}' model has no transforms in its manifest.");
        }

        TransformFile? file;
        try
        {
            file = json.Deserialize(TransformJsonContext.Default.TransformFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The '{format}' model's transforms are not valid ({ex.Message.Split('\n')[0]}).", ex);
        }

        var transformer = DataTransformer.FromFile(file ?? throw new InvalidDataException($"The '{format}' model's transforms are empty."));
        return (manifest, transformer, tensors);
    }

    public static int Hyper(ModelManifest manifest, string name) =>
        manifest.Hyperparameters.TryGetValue(name, out var v) && v is >= 1 and <= 1 << 20 && v == Math.Floor(v)
            ? (int)v
            : throw new InvalidDataException($"The model's manifest has no valid hyper-parameter '{name}'.");

    public static Tensor Take(Dictionary<string, Tensor> tensors, string name, int length) =>
        tensors.TryGetValue(name, out var t) && t.Length == length
            ? t
            : throw new InvalidDataException($"The model file has no tensor '{name}' of {length} values.");

    public static TrainingMetrics? Metrics(ModelManifest manifest) =>
        manifest.Metrics.TryGetValue("steps", out var steps)
            ? new TrainingMetrics((int)steps, manifest.Metrics.GetValueOrDefault("loss"), manifest.Metrics.GetValueOrDefault("seconds"), manifest.Metrics.GetValueOrDefault("stopped_by_budget") > 0 ? "time-budget" : "max-steps")
            : null;
}
