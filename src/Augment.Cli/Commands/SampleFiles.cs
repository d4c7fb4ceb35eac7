namespace Augment.Cli.Commands;

/// <summary>The demo's sample dataset: <c>samples/adult.csv</c> and its <c>augment.json</c>.</summary>
internal sealed record SampleFiles(string Csv, string Spec)
{
    /// <summary>Looks beside the program (the build copies samples/ there), then in the current folder and its parents.</summary>
    public static SampleFiles? Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var csv = Path.Combine(dir.FullName, "samples", "adult.csv");
                var spec = Path.Combine(dir.FullName, "samples", "augment.json");
                if (File.Exists(csv) && File.Exists(spec))
                {
                    return new SampleFiles(csv, spec);
                }
            }
        }

        return null;
    }
}
