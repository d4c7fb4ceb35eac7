using System.IO.Compression;
using Augment.Tensors.Layers;

namespace Augment.Images.Tests;

public class ImageArchiveTests
{
    [Fact]
    public void WriteThenRead_RoundTripsPixelsLabelsAndClassFolders()
    {
        var shape = new ImageShape(1, 8, 8);
        var pixels = Enumerable.Range(0, 3 * 64).Select(i => (i % 256) / 255f).ToArray();
        var set = new ImageSet(shape, pixels, [0, 1, 1], ["boot", "shirt"]);
        using var zip = new MemoryStream();
        ImageArchive.Write(set, zip, "real-");
        zip.Position = 0;

        var read = ImageArchive.Read(zip, new ImageReadOptions(Size: 8, Channels: 1));
        Assert.Equal(["boot", "shirt"], read.Classes);
        Assert.Equal([0, 1, 1], read.Labels);
        Assert.Equal(["boot/real-00000.png", "shirt/real-00001.png", "shirt/real-00002.png"], read.Names);
        for (var i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i], read.Pixels[i], 3);
        }
    }

    [Fact]
    public void Read_ResizesAndConvertsColourToGrey()
    {
        var rgb = new ImageShape(3, 16, 16);
        var pixels = new float[rgb.Size];
        Array.Fill(pixels, 1f, 0, rgb.Plane); // pure red
        using var zip = new MemoryStream();
        ImageArchive.Write(new ImageSet(rgb, pixels, [0], ["red"]), zip);
        zip.Position = 0;

        var grey = ImageArchive.Read(zip, new ImageReadOptions(Size: 4, Channels: 1));
        Assert.Equal(new ImageShape(1, 4, 4), grey.Shape);
        Assert.All(grey.Pixels, v => Assert.Equal(0.299f, v, 2));
    }

    [Fact]
    public void Read_BadInput_OneLineErrorsNamingTheProblem()
    {
        using var notZip = new MemoryStream([1, 2, 3, 4]);
        Assert.Contains("not a zip", Assert.Throws<InvalidDataException>(() => ImageArchive.Read(notZip)).Message, StringComparison.Ordinal);

        using var flat = Zip(("loose.png", ImageArchive.EncodePng(new float[4], new ImageShape(1, 2, 2))));
        Assert.Contains("class folders", Assert.Throws<InvalidDataException>(() => ImageArchive.Read(flat)).Message, StringComparison.Ordinal);

        using var broken = Zip(("cat/1.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]));
        Assert.Contains("'cat/1.png'", Assert.Throws<InvalidDataException>(() => ImageArchive.Read(broken)).Message, StringComparison.Ordinal);

        using var huge = Zip(("cat/big.png", ImageArchive.EncodePng(new float[64 * 64], new ImageShape(1, 64, 64))));
        var e = Assert.Throws<InvalidDataException>(() => ImageArchive.Read(huge, new ImageReadOptions(MaxSourcePixels: 1000)));
        Assert.Contains("64×64", e.Message, StringComparison.Ordinal);
    }

    private static MemoryStream Zip(params (string Name, byte[] Bytes)[] files)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
