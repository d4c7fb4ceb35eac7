using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>
/// Labelled images of one shape: pixels in [0, 1], channel-major per image (NCHW), classes by index into
/// <see cref="Classes"/>. Immutable by convention: every operation returns a new set.
/// </summary>
public sealed class ImageSet
{
    /// <summary>Creates a set, checking that the buffers agree.</summary>
    /// <param name="shape">The shape of every image.</param>
    /// <param name="pixels">Count × shape.Size values in [0, 1].</param>
    /// <param name="labels">The class index of every image.</param>
    /// <param name="classes">The class names.</param>
    /// <param name="names">Optional file names (e.g. <c>shirt/0001.png</c>), one per image.</param>
    /// <param name="attributes">Optional attributes from <c>labels.csv</c> (e.g. <c>site</c>), one value per image each.</param>
    /// <exception cref="ArgumentException">The buffers do not agree or a label is out of range.</exception>
    public ImageSet(ImageShape shape, float[] pixels, int[] labels, IReadOnlyList<string> classes, IReadOnlyList<string>? names = null, IReadOnlyList<ImageAttribute>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        if (pixels.Length != labels.Length * shape.Size)
        {
            throw new ArgumentException($"{labels.Length} images of {shape} need {labels.Length * shape.Size} pixel values, got {pixels.Length}.", nameof(pixels));
        }

        if (labels.Any(l => l < 0 || l >= classes.Count))
        {
            throw new ArgumentException($"A label is outside the {classes.Count} classes.", nameof(labels));
        }

        if (names is not null && names.Count != labels.Length)
        {
            throw new ArgumentException($"{names.Count} names for {labels.Length} images.", nameof(names));
        }

        if (attributes?.FirstOrDefault(a => a.Values.Count != labels.Length) is { } uneven)
        {
            throw new ArgumentException($"Attribute '{uneven.Name}' has {uneven.Values.Count} values for {labels.Length} images.", nameof(attributes));
        }

        Shape = shape;
        Pixels = pixels;
        Labels = labels;
        Classes = classes;
        Names = names;
        Attributes = attributes is { Count: > 0 } ? attributes : null;
    }

    /// <summary>Gets the shape of every image.</summary>
    public ImageShape Shape { get; }

    /// <summary>Gets the pixels, image after image.</summary>
    public float[] Pixels { get; }

    /// <summary>Gets the class index of every image.</summary>
    public int[] Labels { get; }

    /// <summary>Gets the class names.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Gets the file names, when the set was read from files.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>Gets the attributes read from <c>labels.csv</c> (one value per image each; empty is missing), or null.</summary>
    public IReadOnlyList<ImageAttribute>? Attributes { get; }

    /// <summary>Gets the number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Gets image <paramref name="i"/>'s pixels.</summary>
    /// <param name="i">The image index.</param>
    public ReadOnlySpan<float> Image(int i) => Pixels.AsSpan(i * Shape.Size, Shape.Size);

    /// <summary>Gets the number of images of each class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes.Count];
        foreach (var l in Labels)
        {
            counts[l]++;
        }

        return counts;
    }

    /// <summary>Gets a batch tensor [n, C, H, W] of the chosen images (copied).</summary>
    /// <param name="indices">The images, in batch order.</param>
    public Tensor Batch(ReadOnlySpan<int> indices)
    {
        var batch = Shape.NewBatch(indices.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            Image(indices[i]).CopyTo(batch.Data.AsSpan(i * Shape.Size, Shape.Size));
        }

        return batch;
    }

    /// <summary>Gets the same images with other attributes (null: none).</summary>
    /// <param name="attributes">One value per image each.</param>
    public ImageSet WithAttributes(IReadOnlyList<ImageAttribute>? attributes) => new(Shape, Pixels, Labels, Classes, Names, attributes);

    /// <summary>Gets the chosen images as a new set (pixels copied).</summary>
    /// <param name="indices">The images, in the new set's order.</param>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new float[indices.Count * Shape.Size];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * Shape.Size, Shape.Size));
            labels[i] = Labels[indices[i]];
        }

        return new ImageSet(Shape, pixels, labels, Classes, Names is null ? null : [.. indices.Select(i => Names[i])],
            Attributes?.Select(a => new ImageAttribute(a.Name, [.. indices.Select(i => a.Values[i])])).ToList());
    }

    /// <summary>Gets the images of this set followed by those of <paramref name="other"/> (same shape and classes).</summary>
    /// <param name="other">The images to append.</param>
    /// <exception cref="ArgumentException">The shapes or class lists differ.</exception>
    public ImageSet Concat(ImageSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Shape != Shape || !other.Classes.SequenceEqual(Classes))
        {
            throw new ArgumentException("Only sets of the same shape and classes can be joined.", nameof(other));
        }

        // Attributes travel only when both sets have the same ones (synthetic images have none).
        var attributes = Attributes is not null && other.Attributes is not null && Attributes.Select(a => a.Name).SequenceEqual(other.Attributes.Select(a => a.Name))
            ? Attributes.Zip(other.Attributes, (a, b) => new ImageAttribute(a.Name, [.. a.Values, .. b.Values])).ToList()
            : null;
        return new ImageSet(Shape, [.. Pixels, .. other.Pixels], [.. Labels, .. other.Labels], Classes,
            Names is not null && other.Names is not null ? [.. Names, .. other.Names] : null, attributes);
    }

    /// <summary>Gets up to <paramref name="perClass"/> images of every class, chosen with <paramref name="seed"/>, in set order.</summary>
    /// <param name="perClass">The most images per class.</param>
    /// <param name="seed">The seed.</param>
    public ImageSet TakePerClass(int perClass, int seed)
    {
        var random = new Random(seed);
        var chosen = new List<int>();
        for (var c = 0; c < Classes.Count; c++)
        {
            var members = Enumerable.Range(0, Count).Where(i => Labels[i] == c).ToArray();
            random.Shuffle(members);
            chosen.AddRange(members.Take(perClass));
        }

        chosen.Sort();
        return Select(chosen);
    }

    /// <summary>Splits the set into two stratified parts, <paramref name="share"/> of every class (at least one image
    /// where the class has two) in the second.</summary>
    /// <param name="share">The share in the second part.</param>
    /// <param name="seed">The seed.</param>
    public (ImageSet First, ImageSet Second) SplitStratified(double share, int seed)
    {
        var random = new Random(seed);
        List<int> first = [], second = [];
        for (var c = 0; c < Classes.Count; c++)
        {
            var members = Enumerable.Range(0, Count).Where(i => Labels[i] == c).ToArray();
            random.Shuffle(members);
            var take = members.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(members.Length * share));
            second.AddRange(members.Take(take));
            first.AddRange(members.Skip(take));
        }

        first.Sort();
        second.Sort();
        return (Select(first), Select(second));
    }
}
