using System.IO.Compression;
using Augment.Tensors.Layers;
using SkiaSharp;

namespace Augment.Images;

/// <summary>Settings for reading an image archive.</summary>
/// <param name="Size">The side every image is resized to (square).</param>
/// <param name="Channels">1 (grey) or 3 (RGB).</param>
/// <param name="MaxImages">The most images accepted.</param>
/// <param name="MaxSourcePixels">The most pixels one source image may declare (checked before it is decoded).</param>
public sealed record ImageReadOptions(int Size = 28, int Channels = 1, int MaxImages = 100_000, long MaxSourcePixels = 4096L * 4096);

/// <summary>
/// Reads and writes the product's image input: a zip holding <c>{class}/{file}.png|jpg|jpeg</c> and, optionally, a
/// <c>labels.csv</c> at its root with attributes per image (<see cref="ImageLabels"/>). Decoding is Skia's
/// (SkiaSharp: Google's decoders, maintained against crafted files, rather than a hand-written or less-reviewed one);
/// a source's declared size is checked before its pixels are decoded, so a small file cannot expand into gigabytes.
/// </summary>
public static class ImageArchive
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>The time stamp of every entry written, so the same images give the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads every image of the archive, class folders sorted by name, files by path.</summary>
    /// <param name="zip">The archive.</param>
    /// <param name="options">Size, channels and limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="InvalidDataException">The archive is not a zip, holds no class folders, an image cannot be
    /// decoded or is too large, or its labels.csv is not valid; the message names the file.</exception>
    public static ImageSet Read(Stream zip, ImageReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        options ??= new ImageReadOptions();
        if (options.Channels is not (1 or 3))
        {
            throw new ArgumentException($"Images have 1 or 3 channels, not {options.Channels}.", nameof(options));
        }

        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException("The image archive is not a zip file.");
        }

        using (archive)
        {
            var entries = archive.Entries
                .Where(e => Extensions.Contains(Path.GetExtension(e.FullName).ToLowerInvariant()) && e.FullName.Split('/', StringSplitOptions.RemoveEmptyEntries).Length >= 2)
                .OrderBy(e => e.FullName, StringComparer.Ordinal)
                .ToList();
            if (entries.Count == 0)
            {
                throw new InvalidDataException("The image archive holds no images in class folders ({class}/{file}.png or .jpg).");
            }

            if (entries.Count > options.MaxImages)
            {
                throw new InvalidDataException($"The image archive holds {entries.Count:N0} images, more than the {options.MaxImages:N0} accepted.");
            }

            var classes = entries.Select(ClassOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var shape = new ImageShape(options.Channels, options.Size, options.Size);
            var pixels = new float[entries.Count * shape.Size];
            var labels = new int[entries.Count];
            var names = new string[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                using var stream = entries[i].Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                Decode(memory.ToArray(), entries[i].FullName, options, pixels.AsSpan(i * shape.Size, shape.Size));
                labels[i] = classes.IndexOf(ClassOf(entries[i]));
                names[i] = entries[i].FullName;
            }

            var labelsCsv = archive.Entries.FirstOrDefault(e => string.Equals(e.FullName, ImageLabels.FileName, StringComparison.OrdinalIgnoreCase));
            IReadOnlyList<ImageAttribute>? attributes = null;
            if (labelsCsv is not null)
            {
                using var stream = labelsCsv.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                attributes = ImageLabels.Read(memory.ToArray(), names, [.. labels.Select(l => classes[l])]);
            }

            return new ImageSet(shape, pixels, labels, classes, names, attributes);
        }
    }

    /// <summary>Writes the images as a zip of <c>{class}/{prefix}{index:00000}.png</c> (or their own
    /// <see cref="ImageSet.Names"/>), plus a <c>labels.csv</c> when the set has attributes. Entries carry a fixed time
    /// stamp, so the same images give the same bytes.</summary>
    /// <param name="images">The images.</param>
    /// <param name="zip">The destination.</param>
    /// <param name="prefix">The file-name prefix (e.g. <c>synthetic-</c>).</param>
    /// <param name="keepNames">Store each image under its <see cref="ImageSet.Names"/> entry (which must be
    /// <c>{class}/{file}.png</c>) instead of a numbered name.</param>
    public static void Write(ImageSet images, Stream zip, string prefix = "", bool keepNames = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (keepNames && images.Names is null)
        {
            throw new ArgumentException("keepNames needs a set with file names.", nameof(keepNames));
        }

        using var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true);
        var names = new string[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            names[i] = keepNames ? images.Names![i] : $"{images.Classes[images.Labels[i]]}/{prefix}{i:00000}.png";
            var entry = archive.CreateEntry(names[i], CompressionLevel.Fastest);
            entry.LastWriteTime = EntryTime;
            using var stream = entry.Open();
            var png = EncodePng(images.Image(i), images.Shape);
            stream.Write(png);
        }

        if (images.Attributes is not null)
        {
            var entry = archive.CreateEntry(ImageLabels.FileName, CompressionLevel.Fastest);
            entry.LastWriteTime = EntryTime;
            using var stream = entry.Open();
            stream.Write(ImageLabels.Write(images, names));
        }
    }

    /// <summary>Encodes one image as PNG (grey or RGB).</summary>
    /// <param name="pixels">The image's values in [0, 1], channel-major.</param>
    /// <param name="shape">Its shape.</param>
    public static byte[] EncodePng(ReadOnlySpan<float> pixels, ImageShape shape)
    {
        var grey = shape.Channels == 1;
        using var bitmap = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < shape.Height; y++)
        {
            for (var x = 0; x < shape.Width; x++)
            {
                var p = (y * shape.Width) + x;
                var r = ToByte(pixels[p]);
                bitmap.SetPixel(x, y, grey ? new SKColor(r, r, r) : new SKColor(r, ToByte(pixels[shape.Plane + p]), ToByte(pixels[(2 * shape.Plane) + p])));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Decodes one PNG/JPEG into <paramref name="destination"/> at the options' size and channels.</summary>
    internal static void Decode(byte[] bytes, string name, ImageReadOptions options, Span<float> destination)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes)) ?? throw new InvalidDataException($"'{name}' is not a PNG or JPEG image Skia can read.");
        var declared = (long)codec.Info.Width * codec.Info.Height;
        if (declared > options.MaxSourcePixels)
        {
            throw new InvalidDataException($"'{name}' is {codec.Info.Width}×{codec.Info.Height} pixels, more than the {options.MaxSourcePixels:N0} accepted.");
        }

        using var source = SKBitmap.Decode(codec, new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidDataException($"'{name}' could not be decoded.");
        using var resized = source.Width == options.Size && source.Height == options.Size
            ? source.Copy()
            : source.Resize(new SKImageInfo(options.Size, options.Size, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
        var plane = options.Size * options.Size;
        for (var y = 0; y < options.Size; y++)
        {
            for (var x = 0; x < options.Size; x++)
            {
                var c = resized.GetPixel(x, y);
                var p = (y * options.Size) + x;
                if (options.Channels == 1)
                {
                    // ITU-R BT.601 luma, as most tools convert RGB to grey.
                    destination[p] = ((0.299f * c.Red) + (0.587f * c.Green) + (0.114f * c.Blue)) / 255f;
                }
                else
                {
                    destination[p] = c.Red / 255f;
                    destination[plane + p] = c.Green / 255f;
                    destination[(2 * plane) + p] = c.Blue / 255f;
                }
            }
        }
    }

    private static string ClassOf(ZipArchiveEntry entry)
    {
        var parts = entry.FullName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts[^2];
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);
}
