using System.IO.Compression;
using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

/// <summary><c>augment demo --images</c> as a real process: Azurite, the local host, the blob trigger and the image branch
/// on the checked-in Fashion-MNIST sample, with a spec of tiny step counts so it takes about a minute.</summary>
public sealed class DemoImagesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augment-demo-images-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task DemoImages_FashionMnistSample_CompletesAndSaysWhereTheOutputsAre()
    {
        var spec = Path.Combine(_dir, "augment.json");
        await File.WriteAllTextAsync(spec, """{"seed": 7, "images": {"add": 2, "generatorSteps": 40, "classifierSteps": 20, "utilitySeeds": 2, "audit": ["ink"]}}""");
        var outDir = Path.Combine(_dir, "out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(6), "demo", "--images", "--spec", spec, "--json", "--out", outDir);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var summary = JsonDocument.Parse(result.LastLine);
        var root = summary.RootElement;
        var id = root.GetProperty("instanceId").GetString()!;
        Assert.StartsWith("fashion-mnist-", id, StringComparison.Ordinal);
        Assert.Equal(("Completed", "images", 300), (root.GetProperty("status").GetString(), root.GetProperty("kind").GetString(), root.GetProperty("realRows").GetInt32()));
        var synthetic = root.GetProperty("syntheticRows").GetInt32();
        Assert.InRange(synthetic, 1, 20);
        Assert.StartsWith("ink: ", root.GetProperty("bias").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("synthetic images ", root.GetProperty("utility").GetString(), StringComparison.Ordinal);
        Assert.Contains("datasets/fashion-mnist/images.zip", result.StdErr, StringComparison.Ordinal);

        // The three outputs were copied to out/{runId}/ and the summary names them; the human output points at the report.
        var runDir = Path.Combine(outDir, id);
        Assert.Equal(["augmented.zip", "report.html", "report.json"], Directory.EnumerateFiles(runDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(3, root.GetProperty("files").GetArrayLength());
        Assert.Contains(Path.Combine(runDir, "report.html"), result.StdErr.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        using var augmented = ZipFile.OpenRead(Path.Combine(runDir, "augmented.zip"));
        Assert.Equal(300 + synthetic + 1, augmented.Entries.Count); // + labels.csv
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));
        Assert.Equal(10, report.RootElement.GetProperty("classes").GetArrayLength());
    }
}
