namespace Augment.Images;

/// <summary>
/// Builds the repository's image sample (<c>samples/fashion-mnist-sample.zip</c>): a seeded choice of images per class
/// from Fashion-MNIST, each stored as <c>{class}/{split}-{index:00000}.png</c> (its index in the IDX file) with one
/// attribute for the bias audit, <c>ink</c>. Fashion-MNIST has no demographic attributes; <c>ink</c> is computed from
/// the pixels: <c>low</c> for the half of each class's chosen images with the lowest mean pixel value (the least
/// garment area and brightness), <c>high</c> for the other half, so both groups hold every class equally.
/// </summary>
public static class FashionMnistSample
{
    /// <summary>The attribute's column name in labels.csv.</summary>
    public const string InkAttribute = "ink";

    /// <summary>Chooses <paramref name="perClass"/> images of every class of <paramref name="source"/>.</summary>
    /// <param name="source">The Fashion-MNIST split (<see cref="FashionMnist.Read"/>).</param>
    /// <param name="perClass">Images per class.</param>
    /// <param name="seed">Chooses the images (same seed and source ⇒ same sample).</param>
    /// <param name="split">The split's name in the file names (<c>train</c> or <c>test</c>).</param>
    /// <exception cref="ArgumentException">A class has fewer than <paramref name="perClass"/> images.</exception>
    public static ImageSet Build(ImageSet source, int perClass, int seed, string split = "train")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 2);
        var random = new Random(seed);
        var chosen = new List<int>();
        var ink = new Dictionary<int, string>();
        for (var c = 0; c < source.Classes.Count; c++)
        {
            var members = Enumerable.Range(0, source.Count).Where(i => source.Labels[i] == c).ToArray();
            if (members.Length < perClass)
            {
                throw new ArgumentException($"class '{source.Classes[c]}' has {members.Length} images, fewer than {perClass}.", nameof(perClass));
            }

            random.Shuffle(members);
            var picked = members.Take(perClass).ToArray();
            chosen.AddRange(picked);
            var byInk = picked.OrderBy(i => Mean(source.Image(i))).ThenBy(i => i).ToArray();
            for (var r = 0; r < byInk.Length; r++)
            {
                ink[byInk[r]] = r < byInk.Length / 2 ? "low" : "high";
            }
        }

        chosen.Sort();
        var sample = source.Select(chosen);
        var names = chosen.Select(i => $"{source.Classes[source.Labels[i]]}/{split}-{i:00000}.png").ToArray();
        return new ImageSet(sample.Shape, sample.Pixels, sample.Labels, sample.Classes, names,
            [new ImageAttribute(InkAttribute, [.. chosen.Select(i => ink[i])])]);
    }

    private static double Mean(ReadOnlySpan<float> pixels)
    {
        double sum = 0;
        foreach (var p in pixels)
        {
            sum += p;
        }

        return sum / pixels.Length;
    }
}
