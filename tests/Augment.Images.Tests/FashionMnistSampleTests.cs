using Augment.Tensors.Layers;

namespace Augment.Images.Tests;

public class FashionMnistSampleTests
{
    [Fact]
    public void Build_ChoosesPerClassBySeed_NamesByIndex_InkSplitsEachClassInHalves()
    {
        // 3 classes × 8 images; image i's pixels all equal i / 24, so its ink rank within its class is its index order.
        var shape = new ImageShape(1, 2, 2);
        var pixels = Enumerable.Range(0, 24).SelectMany(i => Enumerable.Repeat(i / 24f, 4)).ToArray();
        var source = new ImageSet(shape, pixels, [.. Enumerable.Range(0, 24).Select(i => i % 3)], ["a", "b", "c"]);

        var sample = FashionMnistSample.Build(source, 4, seed: 17);
        var again = FashionMnistSample.Build(source, 4, seed: 17);
        var other = FashionMnistSample.Build(source, 4, seed: 18);

        Assert.Equal(12, sample.Count);
        Assert.Equal([4, 4, 4], sample.ClassCounts());
        Assert.Equal(sample.Names, again.Names);
        Assert.NotEqual(sample.Names, other.Names);
        Assert.All(sample.Names!, n => Assert.Matches(@"^[abc]/train-\d{5}\.png$", n));
        var ink = Assert.Single(sample.Attributes!);
        Assert.Equal(FashionMnistSample.InkAttribute, ink.Name);
        for (var c = 0; c < 3; c++)
        {
            var members = Enumerable.Range(0, sample.Count).Where(i => sample.Labels[i] == c).ToList();
            var sourceIndex = members.ToDictionary(i => i, i => int.Parse(sample.Names![i][8..13], System.Globalization.CultureInfo.InvariantCulture));
            // The two lowest source indices (least ink) of each class are "low", the two highest "high".
            var ordered = members.OrderBy(i => sourceIndex[i]).ToList();
            Assert.Equal(["low", "low", "high", "high"], ordered.Select(i => ink.Values[i]));
            Assert.All(members, i => Assert.Equal(c, source.Labels[sourceIndex[i]]));
            Assert.All(members, i => Assert.Equal(sourceIndex[i] / 24f, sample.Image(i)[0]));
        }
    }

    [Fact]
    public void Build_ClassTooSmall_Throws() =>
        Assert.Throws<ArgumentException>(() => FashionMnistSample.Build(new ImageSet(new ImageShape(1, 2, 2), new float[12], [0, 1, 1], ["a", "b"]), 2, 1));

    [Fact]
    public void CheckedInSample_Reads300ImagesIn10ClassesWithInkBalancedPerClass()
    {
        using var zip = File.OpenRead(SamplePath());

        var set = ImageArchive.Read(zip, new ImageReadOptions(Size: 28, Channels: 1));

        Assert.Equal(FashionMnist.ClassNames.Order(StringComparer.Ordinal), set.Classes);
        Assert.All(set.ClassCounts(), n => Assert.Equal(30, n));
        var ink = Assert.Single(set.Attributes!);
        Assert.Equal("ink", ink.Name);
        for (var c = 0; c < set.Classes.Count; c++)
        {
            Assert.Equal(15, Enumerable.Range(0, set.Count).Count(i => set.Labels[i] == c && ink.Values[i] == "low"));
        }

        Assert.InRange(new FileInfo(SamplePath()).Length, 100_000, 300_000);
    }

    [Fact]
    public void CheckedInSample_IsWhatTheBuilderMakesFromDebiansFiles()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DebianFolder, "train-images-idx3-ubyte.gz")))
        {
            return; // dataset-fashion-mnist is not installed here; CheckedInSample_Reads… still checks the file.
        }

        var sample = FashionMnistSample.Build(FashionMnist.Read(), 30, 17);
        using var zip = new MemoryStream();
        ImageArchive.Write(sample, zip, keepNames: true);

        Assert.Equal(File.ReadAllBytes(SamplePath()), zip.ToArray());
    }

    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "fashion-mnist-sample.zip");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("samples/fashion-mnist-sample.zip not found above " + AppContext.BaseDirectory);
    }
}
