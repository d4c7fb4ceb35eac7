using System.Text.RegularExpressions;

namespace Augment.Durable.Tests;

/// <summary>
/// Keeps non-deterministic APIs out of orchestrator code in every folder of <see cref="ScannedFolders"/>, whichever
/// project it is in (missing folders are skipped). In this project the same list is also enforced at build time by
/// Microsoft.CodeAnalysis.BannedApiAnalyzers (<c>BannedSymbols.txt</c>), made an error only under
/// <c>Orchestrations/</c> by per-folder <c>.editorconfig</c> severities, since activities and tests beside it may use
/// the clock; other projects can adopt the same three files, and the scan covers them until they do.
/// </summary>
public sealed partial class OrchestratorDeterminismScanTests
{
    /// <summary>Folders (relative to the repository root) that hold only orchestrator code.</summary>
    public static readonly string[] ScannedFolders =
    [
        "tests/Augment.Durable.Tests/Orchestrations",
        "src/Augment.Pipeline/Orchestrations",
    ];

    [Fact]
    public void ScannedFolders_OrchestratorSources_UseNoNonDeterministicApi()
    {
        var root = FindRepositoryRoot();
        var violations = new List<string>();
        var scanned = 0;
        foreach (var folder in ScannedFolders.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                scanned++;
                violations.AddRange(Scan(File.ReadAllText(file)).Select(v => $"{Path.GetRelativePath(root, file)}: {v}"));
            }
        }

        Assert.True(scanned > 0, "No orchestrator sources found: is the folder list stale?");
        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("var now = DateTime.UtcNow;")]
    [InlineData("var now = DateTimeOffset.Now;")]
    [InlineData("var id = Guid.NewGuid();")]
    [InlineData("var x = Random.Shared.Next();")]
    [InlineData("var r = new Random(42);")]
    [InlineData("await Task.Delay(10);")]
    [InlineData("Thread.Sleep(5);")]
    [InlineData("var t = Environment.TickCount64;")]
    [InlineData("var s = Stopwatch.StartNew();")]
    public void Scan_BannedCall_IsReported(string code)
    {
        Assert.NotEmpty(Scan(code));
    }

    [Fact]
    public void Scan_ContextApis_AreAllowed()
    {
        Assert.Empty(Scan("var now = context.CurrentUtcDateTime; var id = context.NewGuid(); // Guid.NewGuid() in a comment is fine"));
    }

    /// <summary>Returns one line per banned call found in <paramref name="source"/> (line comments ignored).</summary>
    internal static IEnumerable<string> Scan(string source)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var code = lines[i];
            var comment = code.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0)
            {
                code = code[..comment];
            }

            foreach (Match match in Banned().Matches(code))
            {
                yield return $"line {i + 1}: {match.Value}";
            }
        }
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(Now|UtcNow|Today)\b|\bGuid\.NewGuid\b|\bRandom\.Shared\b|\bnew\s+Random\s*\(|\bTask\.Delay\b|\bThread\.Sleep\b|\bEnvironment\.TickCount|\bStopwatch\b|\bTimeProvider\.System\b")]
    private static partial Regex Banned();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (AugmentFunctions.sln) not found.");
    }
}
