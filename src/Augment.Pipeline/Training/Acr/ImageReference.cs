namespace Augment.Pipeline.Training.Acr;

/// <summary>A container image by tag, <c>{registry}/{repository}:{tag}</c> (registry may carry a port).</summary>
/// <param name="Registry">Registry host, e.g. <c>myacr.azurecr.io</c>.</param>
/// <param name="Repository">Repository path, e.g. <c>augment/trainer</c>.</param>
/// <param name="Tag">Tag, e.g. <c>1.4.0</c>.</param>
public sealed record ImageReference(string Registry, string Repository, string Tag)
{
    /// <summary>Parses <c>{registry}/{repository}:{tag}</c>; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ImageReference Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var colon = image.LastIndexOf(':');
        if (slash <= 0 || colon <= slash + 1 || colon == image.Length - 1 || image.Contains('@', StringComparison.Ordinal))
        {
            throw new FormatException($"Image '{image}' is not '{{registry}}/{{repository}}:{{tag}}'.");
        }

        return new ImageReference(image[..slash], image[(slash + 1)..colon], image[(colon + 1)..]);
    }

    /// <summary>The same image pinned by digest: <c>{registry}/{repository}@{digest}</c>.</summary>
    public string WithDigest(string digest) => $"{Registry}/{Repository}@{digest}";

    /// <inheritdoc/>
    public override string ToString() => $"{Registry}/{Repository}:{Tag}";
}
