using Augment.Images;
using Augment.Tensors.Layers;

namespace Augment.App.Tests.Support;

/// <summary>A tiny image dataset for image runs through the host: quick to train on, with a labels.csv.</summary>
internal static class SampleImages
{
    /// <summary>An augment.json with tiny step counts (a run takes seconds).</summary>
    public const string Spec = """{"seed": 4, "images": {"size": 8, "add": 12, "generatorSteps": 120, "classifierSteps": 30, "utilitySeeds": 2}}""";

    /// <summary>Two classes of 8×8 grey images (dark left half or dark right half) and a labels.csv with a site column.</summary>
    public static byte[] TwoClassArchive(int perClass)
    {
        var random = new Random(11);
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

        var set = new ImageSet(new ImageShape(1, 8, 8), pixels, labels, ["dark-left", "dark-right"], null,
            [new ImageAttribute("site", [.. Enumerable.Range(0, n).Select(i => i % 4 < 2 ? "north" : "south")])]);
        using var stream = new MemoryStream();
        ImageArchive.Write(set, stream);
        return stream.ToArray();
    }
}
