using System.Reflection;

namespace Augment.Cli.Hosting;

/// <summary>
/// Finds the function app folder (host.json + one folder per function): <c>--app</c>, else the
/// <c>AUGMENT_FUNCTIONS_APP</c> environment variable, else the Augment.Functions build output this CLI was built
/// with (the build records its path), else <c>src/Augment.Functions/bin/{Debug|Release}/net10.0</c> above the current folder.
/// </summary>
internal static class FunctionsAppLocator
{
    public static string? Locate(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        if (Environment.GetEnvironmentVariable("AUGMENT_FUNCTIONS_APP") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        var built = typeof(FunctionsAppLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FunctionsAppPath")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "host.json")))
        {
            return built;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "Augment.Functions", "bin", configuration, "net10.0");
                if (File.Exists(Path.Combine(candidate, "host.json")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
