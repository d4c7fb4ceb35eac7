namespace Augment.Cli.Tests;

/// <summary>Paths inside the repository (the tests run from bin/, several levels down).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string AdultCsv => Path.Combine(Root, "samples", "adult.csv");

    public static string AdultSpec => Path.Combine(Root, "samples", "augment.json");

    /// <summary>The first <paramref name="rows"/> data rows of samples/adult.csv, header included.</summary>
    public static string AdultHead(int rows) => string.Join('\n', File.ReadLines(AdultCsv).Take(rows + 1)) + "\n";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (AugmentFunctions.sln) not found above " + AppContext.BaseDirectory);
    }
}
