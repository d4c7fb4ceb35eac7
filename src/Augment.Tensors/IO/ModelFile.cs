using System.Text.Json;

namespace Augment.Tensors.IO;

/// <summary>A model file: safetensors weights with a <see cref="ModelManifest"/> in the metadata.</summary>
public static class ModelFile
{
    /// <summary>The metadata key that holds the manifest JSON.</summary>
    public const string ManifestKey = "augment.manifest";

    /// <summary>Writes a manifest and tensors.</summary>
    /// <param name="destination">The stream; left open.</param>
    /// <param name="manifest">The manifest.</param>
    /// <param name="tensors">The tensors by unique name.</param>
    public static void Write(Stream destination, ModelManifest manifest, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var json = JsonSerializer.Serialize(manifest, ModelManifestJsonContext.Default.ModelManifest);
        SafeTensors.Write(destination, tensors, new Dictionary<string, string> { [ManifestKey] = json });
    }

    /// <summary>Reads a model file of the given format.</summary>
    /// <param name="source">The stream, read to its end.</param>
    /// <param name="format">The expected format name.</param>
    /// <param name="maxVersion">The newest version this build reads.</param>
    /// <returns>The manifest and the tensors by name.</returns>
    /// <exception cref="InvalidDataException">The file is corrupt, truncated, foreign, of another format or too new.</exception>
    public static (ModelManifest Manifest, Dictionary<string, Tensor> Tensors) Read(Stream source, string format, int maxVersion)
    {
        var (tensors, metadata) = SafeTensors.Read(source);
        if (!metadata.TryGetValue(ManifestKey, out var json))
        {
            throw new InvalidDataException($"The file is not an Augment model file: its safetensors metadata has no '{ManifestKey}'.");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, ModelManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The model file's manifest is not valid JSON ({ex.Message}).");
        }

        if (manifest is null || string.IsNullOrEmpty(manifest.Format))
        {
            throw new InvalidDataException("The model file's manifest has no format.");
        }

        if (manifest.Format != format)
        {
            throw new InvalidDataException($"The file is a '{manifest.Format}' model, expected '{format}'.");
        }

        if (manifest.Version < 1 || manifest.Version > maxVersion)
        {
            throw new InvalidDataException($"The '{format}' model has version {manifest.Version}; this build reads versions 1 to {maxVersion}.");
        }

        return (manifest, tensors);
    }
}
