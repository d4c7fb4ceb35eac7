namespace Augment.Cli.Commands;

/// <summary>A demo's sample dataset: the data (<c>samples/adult.csv</c>, or the Fashion-MNIST image sample) and the
/// augment.json uploaded beside it.</summary>
/// <param name="Data">The CSV or image zip.</param>
/// <param name="Spec">Its augment.json.</param>
internal sealed record SampleFiles(string Data, string Spec)
{
    /// <summary>The table sample and its spec.</summary>
    public static readonly (string Data, string Spec) Adult = ("adult.csv", "augment.json");

    /// <summary>The image sample (300 Fashion-MNIST images with labels.csv) and its spec.</summary>
    public static readonly (string Data, string Spec) FashionMnist = ("fashion-mnist-sample.zip", "fashion-mnist-augment.json");

    /// <summary>Looks beside the program (the build copies samples/ there), then in the current folder and its parents.</summary>
    /// <param name="images">The image sample instead of the table one.</param>
    public static SampleFiles? Locate(bool images = false)
    {
        var (data, spec) = images ? FashionMnist : Adult;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var dataPath = Path.Combine(dir.FullName, "samples", data);
                var specPath = Path.Combine(dir.FullName, "samples", spec);
                if (File.Exists(dataPath) && File.Exists(specPath))
                {
                    return new SampleFiles(dataPath, specPath);
                }
            }
        }

        return null;
    }
}
