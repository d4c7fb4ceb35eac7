using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

public sealed class CliCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augment-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task DemoAndRun_SameDataSpecAndSeed_WriteIdenticalSyntheticCsv()
    {
        var demoOut = Path.Combine(_dir, "demo");
        var runOut = Path.Combine(_dir, "run");

        var demo = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "demo", "--json", "--out", demoOut);
        var run = await CliProcess.RunAsync(TimeSpan.FromMinutes(4), "run", RepoFiles.AdultCsv, "--spec", RepoFiles.AdultSpec, "--out", runOut, "--json");

        Assert.True(demo.ExitCode == 0, demo.StdErr);
        Assert.True(run.ExitCode == 0, run.StdErr);
        using var demoJson = JsonDocument.Parse(demo.LastLine);
        using var runJson = JsonDocument.Parse(run.LastLine);
        var id = demoJson.RootElement.GetProperty("instanceId").GetString()!;
        Assert.Equal(id, runJson.RootElement.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", demoJson.RootElement.GetProperty("status").GetString());
        Assert.Equal(48842, demoJson.RootElement.GetProperty("realRows").GetInt32());
        Assert.True(demoJson.RootElement.GetProperty("syntheticRows").GetInt32() > 15000);

        var demoSynthetic = await File.ReadAllBytesAsync(Path.Combine(demoOut, id, "synthetic.csv"));
        var runSynthetic = await File.ReadAllBytesAsync(Path.Combine(runOut, "synthetic.csv"));
        Assert.Equal(demoSynthetic, runSynthetic);

        var augmented = File.ReadLines(Path.Combine(runOut, "augmented.csv")).ToList();
        Assert.Equal(File.ReadLines(RepoFiles.AdultCsv).First(), augmented[0]);
        Assert.Equal(runJson.RootElement.GetProperty("trainRows").GetInt32() + runJson.RootElement.GetProperty("syntheticRows").GetInt32(), augmented.Count - 1);
    }

    [Fact]
    public async Task Run_MissingFile_ExitsTwoWithClearError()
    {
        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "run", Path.Combine(_dir, "nope.csv"), "--out", _dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RaggedCsv_ExitsOneWithOneLineReasonAndNoOutputs()
    {
        var csv = Path.Combine(_dir, "ragged.csv");
        await File.WriteAllTextAsync(csv, "a,b,c\n1,2,3\n4,5\n");
        var outDir = Path.Combine(_dir, "out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "run", csv, "--out", outDir, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.LastLine);
        Assert.Equal("Failed", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("line 3", json.RootElement.GetProperty("reason").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any());
    }

    [Fact]
    public async Task Run_SmallCsvWithoutSpec_UsesDefaultsAndStatesThemInTheReport()
    {
        var csv = Path.Combine(_dir, "small.csv");
        await File.WriteAllTextAsync(csv, RepoFiles.AdultHead(400));
        var outDir = Path.Combine(_dir, "out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(2), "run", csv, "--out", outDir);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        var spec = report.RootElement.GetProperty("spec");
        Assert.Equal("income", spec.GetProperty("target").GetString());
        Assert.Contains(spec.GetProperty("defaults").EnumerateArray(), d => d.GetString()!.StartsWith("target: not given; assumed the last column 'income'", StringComparison.Ordinal));
        Assert.Equal(["age", "marital_status", "race", "sex", "native_country"], spec.GetProperty("sensitive").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("tvae", "tvae")]
    [InlineData("ctgan", "ctgan")]
    [InlineData("latent-mixture", "latent-mixture")]
    [InlineData("auto", "latent-mixture")]
    [InlineData("gaussian-copula", "gaussian-copula")]
    public async Task Run_ModelBySpec_TrainsSamplesAndPublishesWithThatModel(string model, string expectedKind)
    {
        var csv = Path.Combine(_dir, "adult.csv");
        await File.WriteAllTextAsync(csv, RepoFiles.AdultHead(600));
        var spec = Path.Combine(_dir, "augment.json");
        await File.WriteAllTextAsync(spec, $$"""{ "target": "income", "rows": 300, "model": "{{model}}", "epochs": 3, "seed": 5 }""");
        var outDir = Path.Combine(_dir, "out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(3), "run", csv, "--spec", spec, "--out", outDir, "--json");

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        Assert.Equal(expectedKind, report.RootElement.GetProperty("model").GetProperty("kind").GetString());
        // TVAE and CTGAN sample through ONNX Runtime (CPU here: the tests build the CPU package); the rest with our own code.
        var sampler = report.RootElement.GetProperty("model").GetProperty("sampler");
        Assert.Equal(model is "tvae" or "ctgan" ? "onnxruntime" : "own", sampler.GetProperty("engine").GetString());
        Assert.Equal("CPU", sampler.GetProperty("provider").GetString());
        var synthetic = File.ReadLines(Path.Combine(outDir, "synthetic.csv")).ToList();
        Assert.Equal(File.ReadLines(csv).First(), synthetic[0]);
        Assert.InRange(synthetic.Count - 1, 1, 300);
        Assert.All(synthetic.Skip(1), line => Assert.Equal(15, line.Split(',').Length));
    }

    [Fact]
    public async Task Run_IdentifierColumn_NotModelled_SyntheticRowsGetFreshIds_RealRowsKeepTheirs()
    {
        // Adult with a leading customer code: all distinct, so it is an identifier, not a category to resample.
        var adult = File.ReadLines(RepoFiles.AdultCsv).Take(601).ToList();
        var csv = Path.Combine(_dir, "customers.csv");
        await File.WriteAllLinesAsync(csv, [.. adult.Select((line, i) => (i == 0 ? "customer" : $"C{i:D5}") + "," + line)]);
        var outDir = Path.Combine(_dir, "out");

        var result = await CliProcess.RunAsync(TimeSpan.FromMinutes(2), "run", csv, "--out", outDir);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        var real = File.ReadLines(csv).Skip(1).Select(l => l.Split(',')[0]).ToHashSet(StringComparer.Ordinal);
        var synthetic = File.ReadLines(Path.Combine(outDir, "synthetic.csv")).ToList();
        var augmented = File.ReadLines(Path.Combine(outDir, "augmented.csv")).ToList();
        Assert.Equal(File.ReadLines(csv).First(), synthetic[0]);
        Assert.Equal(File.ReadLines(csv).First(), augmented[0]);
        var fresh = synthetic.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.NotEmpty(fresh);
        Assert.Equal(fresh.Count, fresh.Distinct().Count());
        Assert.All(fresh, id => Assert.Matches("^C\\d{5}$", id));
        Assert.DoesNotContain(fresh, real.Contains);
        Assert.Equal("C00601", fresh[0]);

        // The real rows in augmented.csv are the uploaded rows, identifier included.
        var uploaded = File.ReadLines(csv).Skip(1).ToHashSet(StringComparer.Ordinal);
        var realRows = augmented.Skip(1).Where(l => real.Contains(l.Split(',')[0])).ToList();
        Assert.Equal(480, realRows.Count);
        Assert.All(realRows, row => Assert.Contains(row, uploaded));

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        Assert.Contains(report.RootElement.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "customer" && c.GetProperty("kind").GetString() == "Identifier");
        Assert.DoesNotContain(report.RootElement.GetProperty("evaluation").GetProperty("shapes").GetProperty("columns").EnumerateArray(), c => c.GetProperty("column").GetString() == "customer");
    }
}
