namespace Augment.Data.Tests;

/// <summary>Paths of the data files the tests use: the repository's Adult sample and files copied into this project.</summary>
internal static class TestData
{
    public static string AdultPath => Path.Combine(RepoRoot(), "samples", "adult.csv");

    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
