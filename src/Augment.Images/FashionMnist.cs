using System.Buffers.Binary;
using System.IO.Compression;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>
/// Reads the IDX files of MNIST-style datasets (Debian's <c>dataset-fashion-mnist</c> installs Fashion-MNIST under
/// <see cref="DebianFolder"/>), gzip-compressed or not. Used by the benchmark and to build the sample; users upload
/// PNG/JPEG archives (<see cref="ImageArchive"/>).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's package puts the files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Fashion-MNIST's class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"];

    /// <summary>Reads the training (60,000) or test (10,000) images.</summary>
    /// <param name="folder">The folder holding <c>train-images-idx3-ubyte.gz</c> and the others.</param>
    /// <param name="test">Whether to read the test split.</param>
    /// <exception cref="FileNotFoundException">The files are missing (install <c>dataset-fashion-mnist</c>).</exception>
    /// <exception cref="InvalidDataException">A file is not IDX.</exception>
    public static ImageSet Read(string folder = DebianFolder, bool test = false)
    {
        var prefix = test ? "t10k" : "train";
        var images = ReadIdx(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), 3, out var dims);
        var labels = ReadIdx(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), 1, out var labelDims);
        if (labelDims[0] != dims[0])
        {
            throw new InvalidDataException($"{dims[0]} images but {labelDims[0]} labels.");
        }

        var pixels = new float[images.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images[i] / 255f;
        }

        return new ImageSet(new ImageShape(1, dims[1], dims[2]), pixels, [.. labels.Select(b => (int)b)], ClassNames);
    }

    private static byte[] ReadIdx(string path, int rank, out int[] dims)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is missing; install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist).", path);
        }

        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        if (bytes.Length < 4 + (4 * rank) || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] != rank)
        {
            throw new InvalidDataException($"'{Path.GetFileName(path)}' is not an IDX file of unsigned bytes with {rank} dimension(s).");
        }

        dims = new int[rank];
        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + (4 * d))..]);
            count *= dims[d];
        }

        var header = 4 + (4 * rank);
        if (bytes.Length - header != count)
        {
            throw new InvalidDataException($"'{Path.GetFileName(path)}' holds {bytes.Length - header} values, its header says {count}.");
        }

        return bytes[header..].ToArray();
    }
}
