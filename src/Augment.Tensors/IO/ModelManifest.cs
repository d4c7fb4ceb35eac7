using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augment.Tensors.IO;

/// <summary>
/// What a model file says about itself, stored as JSON in the safetensors <c>__metadata__</c> under
/// <see cref="ModelFile.ManifestKey"/>: the format name and version that decide who may load it, the seed, the
/// schema and transform parameters (opaque JSON owned by the model), hyper-parameters and training metrics.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Gets the format name, e.g. <c>augment.tvae</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Gets the format version; a reader accepts versions up to the one it knows.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the training seed.</summary>
    public long Seed { get; init; }

    /// <summary>Gets the writer, e.g. <c>Augment.Tensors 1</c>.</summary>
    public string CreatedBy { get; init; } = "Augment.Tensors";

    /// <summary>Gets the table schema the model was trained on (owned by the model; may be null).</summary>
    public JsonElement? Schema { get; init; }

    /// <summary>Gets the fitted transform parameters (owned by the model; may be null).</summary>
    public JsonElement? Transforms { get; init; }

    /// <summary>Gets the hyper-parameters (layer widths, epochs, batch size, …).</summary>
    public Dictionary<string, double> Hyperparameters { get; init; } = [];

    /// <summary>Gets training metrics (final losses, seconds, …).</summary>
    public Dictionary<string, double> Metrics { get; init; } = [];
}

/// <summary>Source-generated JSON for the manifest.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelManifestJsonContext : JsonSerializerContext;
