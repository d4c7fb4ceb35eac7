using System.IO.Compression;
using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

/// <summary><c>augment run images.zip</c>: the image branch through the real CLI process, in-process engine.</summary>
public sealed class ImageRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augment-cli-images-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_ImageZip_CompletesAndWritesTheAugmentedZipAndReports()
    {
        var zip = Path.Combine(_dir, "tiles.zip");
        await File.WriteAllBytesAsync(zip, TwoClassImages.Archive(30));
        var spec = Path.Combine(_dir, "augment.json");
        await File.WriteAllTextAsync(spec, """{"seed": 3, "images": {"size": 8, "add": 20, "generatorSteps": 150, "classifierSteps": 40, "utilitySeeds": 2}}""");
        var outDir = Path.Combine(_dir, "out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "run", zip, "--spec", spec, "--out", outDir, "--json");

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var summary = JsonDocument.Parse(result.LastLine);
        Assert.Equal("Completed", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(60, summary.RootElement.GetProperty("realRows").GetInt32());
        var synthetic = summary.RootElement.GetProperty("syntheticRows").GetInt32();
        Assert.InRange(synthetic, 1, 40);
        Assert.Equal(["augmented.zip", "report.html", "report.json"], Directory.EnumerateFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var augmented = ZipFile.OpenRead(Path.Combine(outDir, "augmented.zip"));
        Assert.Equal(60 + synthetic, augmented.Entries.Count);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        Assert.Equal("images", report.RootElement.GetProperty("kind").GetString());
        // The shards' samplers travel through the durable history into report.json: the decoder ran in ONNX Runtime.
        Assert.Equal("onnxruntime", report.RootElement.GetProperty("sampler").GetProperty("engine").GetString());
        Assert.Contains("Recommendation:", await File.ReadAllTextAsync(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
    }
}
