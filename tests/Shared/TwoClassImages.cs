using Augment.Images;
using Augment.Tensors.Layers;

namespace Augment.Testing;

/// <summary>The tiny image dataset of image-run tests: two classes of 8×8 grey images, <c>dark-left</c> (the left half
/// dark) and <c>dark-right</c>, with seeded noise — separable at a glance, so a run of a few hundred steps has something
/// to learn, and quick to train on.</summary>
internal static class TwoClassImages
{
    /// <summary>The class names, in the archive's (sorted) order.</summary>
    public static readonly IReadOnlyList<string> Classes = ["dark-left", "dark-right"];

    /// <summary>The images, alternating classes; with <paramref name="site"/>, a <c>site</c> attribute (north, north,
    /// south, south, … — both values in both classes) that becomes the archive's labels.csv.</summary>
    /// <param name="perClass">Images per class.</param>
    /// <param name="seed">The noise seed.</param>
    /// <param name="site">Whether the images carry the <c>site</c> attribute.</param>
    public static ImageSet Set(int perClass, int seed = 11, bool site = false)
    {
        var random = new Random(seed);
        var n = 2 * perClass;
        var pixels = new float[n * 64];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            for (var p = 0; p < 64; p++)
            {
                var dark = (p % 8 < 4) == (labels[i] == 0);
                pixels[(i * 64) + p] = Math.Clamp((dark ? 0.1f : 0.85f) + (0.1f * (float)(random.NextDouble() - 0.5)), 0f, 1f);
            }
        }

        ImageAttribute[]? attributes = site ? [new ImageAttribute("site", [.. Enumerable.Range(0, n).Select(i => i % 4 < 2 ? "north" : "south")])] : null;
        return new ImageSet(new ImageShape(1, 8, 8), pixels, labels, Classes, null, attributes);
    }

    /// <summary><see cref="Set"/> as an images.zip: <c>{class}/{file}.png</c>, and labels.csv with <paramref name="site"/>.</summary>
    /// <param name="perClass">Images per class.</param>
    /// <param name="seed">The noise seed.</param>
    /// <param name="site">Whether the archive has a labels.csv with the <c>site</c> column.</param>
    public static byte[] Archive(int perClass, int seed = 11, bool site = false)
    {
        using var stream = new MemoryStream();
        ImageArchive.Write(Set(perClass, seed, site), stream);
        return stream.ToArray();
    }
}
