using System.Globalization;
using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>What both generators' safetensors files share: the metadata naming the format, the image shape, the class
/// count and the noise width, and tensors grouped by a name prefix.</summary>
internal static class GeneratorFile
{
    private const string FormatKey = "augment.format";

    /// <summary>Whether the file's metadata names <paramref name="format"/>.</summary>
    public static bool IsFormat(IReadOnlyDictionary<string, string> metadata, string format) =>
        metadata.TryGetValue(FormatKey, out var found) && found == format;

    /// <summary>The metadata of a file: the format, the shape, the class count and the noise width (and any extras).</summary>
    public static Dictionary<string, string> Metadata(string format, ImageShape shape, int classes, int latent, params (string Key, int Value)[] extra)
    {
        var metadata = new Dictionary<string, string> { [FormatKey] = format };
        (string Key, int Value)[] values = [("channels", shape.Channels), ("height", shape.Height), ("width", shape.Width), ("classes", classes), ("latent", latent), .. extra];
        foreach (var (key, value) in values)
        {
            metadata[key] = value.ToString(CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    /// <summary>The shape, class count and noise width of a file written with <see cref="Metadata"/>.</summary>
    /// <exception cref="InvalidDataException">The metadata names another format.</exception>
    public static (ImageShape Shape, int Classes, int Latent) Header(IReadOnlyDictionary<string, string> metadata, string format, string writer)
    {
        if (!IsFormat(metadata, format))
        {
            throw new InvalidDataException($"The model file is not a {format} model (it was not written by {writer}).");
        }

        return (new ImageShape(Int(metadata, "channels"), Int(metadata, "height"), Int(metadata, "width")), Int(metadata, "classes"), Int(metadata, "latent"));
    }

    /// <summary>An integer from the metadata.</summary>
    public static int Int(IReadOnlyDictionary<string, string> metadata, string key) => int.Parse(metadata[key], CultureInfo.InvariantCulture);

    /// <summary>The tensors under <paramref name="prefix"/> (<c>prefix.name</c>), keyed by the rest of their name.</summary>
    public static Dictionary<string, Tensor> Part(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(t => t.Key.StartsWith(prefix + ".", StringComparison.Ordinal)).ToDictionary(t => t.Key[(prefix.Length + 1)..], t => t.Value);
}
