using System.Text.RegularExpressions;

namespace Augment.Pipeline.Tests.Orchestrations;

/// <summary>
/// Keeps non-deterministic APIs out of orchestrator code: the orchestration is replayed from its history, so it may read
/// the time, ids and randomness only through the context, and wait only on durable timers. Scans every source file of
/// <c>src/Augment.Pipeline/Orchestrations</c> and the image branch's orchestrator, <c>Images/ImageOrchestration.cs</c>
/// (comments and string literals ignored).
/// </summary>
public sealed partial class OrchestratorDeterminismScanTests
{
    /// <summary>The folder (relative to the repository root) that holds only orchestrator code.</summary>
    public const string OrchestrationsFolder = "src/Augment.Pipeline/Orchestrations";

    /// <summary>The image branch's orchestrator code, which lives beside its activities.</summary>
    public const string ImageOrchestration = "src/Augment.Pipeline/Images/ImageOrchestration.cs";

    [Fact]
    public void OrchestrationSources_UseNoNonDeterministicApi()
    {
        var root = FindRepositoryRoot();
        var files = Directory.GetFiles(Path.Combine(root, OrchestrationsFolder), "*.cs", SearchOption.AllDirectories)
            .Append(Path.Combine(root, ImageOrchestration)).ToArray();

        var violations = files.SelectMany(file => Scan(File.ReadAllText(file)).Select(v => $"{Path.GetRelativePath(root, file)}: {v}")).ToList();

        Assert.True(files.Length >= 3, $"only {files.Length} orchestrator sources found in {OrchestrationsFolder}: is the folder stale?");
        Assert.Contains(files, f => Path.GetFileName(f) == "AugmentDatasetOrchestrator.cs");
        Assert.True(File.Exists(Path.Combine(root, ImageOrchestration)), $"{ImageOrchestration} moved: scan its new place");
        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("var now = DateTime.UtcNow;")]
    [InlineData("var now = DateTime.Now;")]
    [InlineData("var today = DateTime.Today;")]
    [InlineData("var now = DateTimeOffset.Now;")]
    [InlineData("var now = System.DateTimeOffset.UtcNow;")]
    [InlineData("var id = Guid.NewGuid();")]
    [InlineData("var x = Random.Shared.Next();")]
    [InlineData("var r = new Random(42);")]
    [InlineData("var r = new System.Random();")]
    [InlineData("await Task.Delay(10);")]
    [InlineData("await Task.Delay(TimeSpan.FromSeconds(1), token);")]
    [InlineData("Thread.Sleep(5);")]
    [InlineData("var t = Environment.TickCount64;")]
    [InlineData("var s = Stopwatch.StartNew();")]
    [InlineData("var now = TimeProvider.System.GetUtcNow();")]
    [InlineData("await Task.Run(() => Work());")]
    [InlineData("var r = await context.CallActivityAsync<int>(\"A\").ConfigureAwait(false);")]
    public void Scan_BannedCall_IsReported(string code)
    {
        Assert.NotEmpty(Scan(code));
    }

    [Theory]
    [InlineData("var now = context.CurrentUtcDateTime; var id = context.NewGuid(); // Guid.NewGuid() in a comment is fine")]
    [InlineData("/// <summary>No wall clock, no Guid.NewGuid, no Task.Delay (a test scans for them).</summary>")]
    [InlineData("/* DateTime.UtcNow\n   Thread.Sleep(1) */ var x = 1;")]
    [InlineData("throw new AugmentationFailedException(\"Task.Delay is not used here\");")]
    [InlineData("var timer = context.CreateTimer(context.CurrentUtcDateTime.AddHours(2), token);")]
    [InlineData("var seed = WorkArea.ShardSeed(spec.Seed, s.Index); var delayed = policy.StartRetryInterval;")]
    public void Scan_ContextApisCommentsAndStrings_AreAllowed(string code)
    {
        Assert.Empty(Scan(code));
    }

    [Fact]
    public void Scan_Violation_NamesTheLine()
    {
        Assert.Equal(["line 3: DateTime.UtcNow"], Scan("var a = 1;\n// DateTime.UtcNow\nvar b = DateTime.UtcNow;\n"));
    }

    /// <summary>Returns one entry per banned call in <paramref name="source"/>, ignoring comments and string literals.</summary>
    internal static IEnumerable<string> Scan(string source)
    {
        // Blank out comments and string literals but keep the newlines, so line numbers stay right.
        var code = CommentsAndStrings().Replace(source, m => new string([.. m.Value.Select(c => c == '\n' ? '\n' : ' ')]));
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match match in Banned().Matches(lines[i]))
            {
                yield return $"line {i + 1}: {match.Value.Trim()}";
            }
        }
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentsAndStrings();

    [GeneratedRegex(@"\bDateTime(Offset)?\.(Now|UtcNow|Today)\b|\bGuid\.NewGuid\b|\bRandom\.Shared\b|\bnew\s+(System\.)?Random\s*\(|\bTask\.Delay\b|\bTask\.Run\b|\bThread\.Sleep\b|\bEnvironment\.TickCount|\bStopwatch\b|\bTimeProvider\.System\b|\.ConfigureAwait\s*\(\s*false\s*\)")]
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

        throw new InvalidOperationException("Repository root (AugmentFunctions.sln) not found above the test binaries.");
    }
}
