using System.IO.Compression;
using System.Text;
using Augment.Tensors.Layers;

namespace Augment.Images.Tests;

public class ImageLabelsTests
{
    private static readonly ImageShape Shape = new(1, 4, 4);

    [Fact]
    public void Read_ArchiveWithLabelsCsv_AttachesAttributesInImageOrder()
    {
        // Rows in another order than the images, a quoted value with a comma, an empty cell, paths with "./".
        using var zip = Archive("""
            file,class,site,scanner
            ./cat/b.png,cat,"north, ward 2",
            dog/a.png,dog,south,x1
            cat/a.png,,south,x2
            """);

        var set = ImageArchive.Read(zip, new ImageReadOptions(Size: 4));

        Assert.Equal(["cat/a.png", "cat/b.png", "dog/a.png"], set.Names);
        Assert.NotNull(set.Attributes);
        Assert.Equal(["site", "scanner"], set.Attributes.Select(a => a.Name));
        Assert.Equal(["south", "north, ward 2", "south"], set.Attributes[0].Values);
        Assert.Equal(["x2", "", "x1"], set.Attributes[1].Values);
    }

    [Fact]
    public void Read_NoLabelsCsv_NoAttributes()
    {
        using var zip = Archive(null);

        Assert.Null(ImageArchive.Read(zip, new ImageReadOptions(Size: 4)).Attributes);
    }

    [Theory]
    [InlineData("file,class\ncat/a.png,cat\ncat/b.png,cat\ndog/a.png,cat\n", "labels.csv line 4: 'dog/a.png' is labelled 'cat' but is in folder 'dog'; the folder is the class")]
    [InlineData("file,site\ncat/a.png,n\ncat/b.png,n\ndog/a.png,s\ndog/zz.png,s\n", "labels.csv line 5: 'dog/zz.png' is not an image in the archive")]
    [InlineData("file,site\ncat/a.png,n\ncat/b.png,n\n", "labels.csv has no row for 'dog/a.png'; with a labels.csv, every image needs one")]
    [InlineData("file,site\ncat/a.png,n\ncat/a.png,s\ncat/b.png,n\ndog/a.png,s\n", "labels.csv line 3: 'cat/a.png' is listed twice (first on line 2)")]
    [InlineData("path,site\ncat/a.png,n\n", "labels.csv has no 'file' column (its header: path, site)")]
    [InlineData("file,site,Site\ncat/a.png,n,n\n", "labels.csv: Line 1, column 3: column name 'Site' appears twice")]
    [InlineData("file,site\ncat/a.png,n,extra\n", "labels.csv: ")]
    public void Read_BadLabelsCsv_OneLineErrorNamingTheRowOrColumn(string csv, string expected)
    {
        using var zip = Archive(csv);

        var error = Assert.Throws<InvalidDataException>(() => ImageArchive.Read(zip, new ImageReadOptions(Size: 4)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Write_SetWithAttributes_WritesLabelsCsvThatReadsBack()
    {
        var set = new ImageSet(Shape, new float[3 * 16], [0, 1, 1], ["a", "b"], null,
            [new ImageAttribute("site", ["x, y", "z", ""])]);
        using var zip = new MemoryStream();

        ImageArchive.Write(set, zip, "real-");
        zip.Position = 0;
        var read = ImageArchive.Read(zip, new ImageReadOptions(Size: 4));

        Assert.Equal(["a/real-00000.png", "b/real-00001.png", "b/real-00002.png"], read.Names);
        Assert.Equal(["x, y", "z", ""], Assert.Single(read.Attributes!).Values);
    }

    [Fact]
    public void Write_SameImages_SameBytes()
    {
        var set = new ImageSet(Shape, Enumerable.Range(0, 32).Select(i => i / 32f).ToArray(), [0, 1], ["a", "b"]);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        ImageArchive.Write(set, first);
        ImageArchive.Write(set, second);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void SelectAndConcat_CarryAttributes_SyntheticSetsHaveNone()
    {
        var set = new ImageSet(Shape, new float[3 * 16], [0, 1, 1], ["a", "b"], null, [new ImageAttribute("site", ["p", "q", "r"])]);
        var synthetic = new ImageSet(Shape, new float[16], [0], ["a", "b"]);

        Assert.Equal(["r", "p"], set.Select([2, 0]).Attributes![0].Values);
        Assert.Equal(["p", "q", "r", "p", "q", "r"], set.Concat(set).Attributes![0].Values);
        Assert.Null(set.Concat(synthetic).Attributes);
        Assert.Throws<ArgumentException>(() => new ImageSet(Shape, new float[16], [0], ["a"], null, [new ImageAttribute("site", ["p", "q"])]));
    }

    /// <summary>cat/a.png, cat/b.png, dog/a.png (4×4 grey), and labels.csv when given.</summary>
    private static MemoryStream Archive(string? labels)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "dog/a.png", "cat/b.png", "cat/a.png" })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(ImageArchive.EncodePng(new float[16], Shape));
            }

            if (labels is not null)
            {
                using var entry = zip.CreateEntry(ImageLabels.FileName).Open();
                entry.Write(Encoding.UTF8.GetBytes(labels.ReplaceLineEndings("\n")));
            }
        }

        stream.Position = 0;
        return stream;
    }
}
