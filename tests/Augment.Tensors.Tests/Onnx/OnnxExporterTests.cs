using System.Diagnostics;
using System.Text.Json;
using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;

namespace Augment.Tensors.Tests.Onnx;

public class OnnxExporterTests
{
    [Fact]
    public async Task Export_GeneratorMlp_RunsInOnnxRuntimeNode_MatchesOurForwardTo1e4()
    {
        // onnxruntime-node is pinned in onnx/package.json beside this test and installed on first use, like Azurite.
        var root = Path.Combine(AppContext.BaseDirectory, "onnx");
        await Augment.Storage.NodeTooling.EnsureInstalledAsync(root);
        Assert.True(
            Directory.Exists(Path.Combine(root, "node_modules", "onnxruntime-node")),
            $"onnxruntime-node is not installed in '{root}' (npm ci failed?).");
        var net = Network();
        net.Training = false;
        var x = TestData.Matrix(9, 6, 3, 2f);
        var expected = net.Forward(x);

        var dir = Directory.CreateTempSubdirectory("augment-onnx-");
        try
        {
            var model = Path.Combine(dir.FullName, "net.onnx");
            using (var file = File.Create(model))
            {
                OnnxExporter.Export(net, 6, file);
            }

            var input = Path.Combine(dir.FullName, "input.json");
            File.WriteAllText(input, JsonSerializer.Serialize(new { rows = 9, cols = 6, data = x.Data }));
            var stdout = RunNode(Path.Combine(AppContext.BaseDirectory, "onnx", "run_onnx.js"), model, input, root);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal([9, expected.Columns], doc.RootElement.GetProperty("dims").EnumerateArray().Select(e => e.GetInt32()));
            var actual = doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected.Data[i]) <= 1e-4, $"output[{i}]: onnxruntime {actual[i]}, ours {expected.Data[i]}");
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Export_WritesIrVersion8AndOpset17Header()
    {
        var ms = new MemoryStream();
        OnnxExporter.Export(new Sequential(new Linear(2, 2, new Random(1)), new ReLU()), 2, ms);
        var bytes = ms.ToArray();

        // Field 1 (ir_version), varint: tag 0x08 then 8.
        Assert.Equal(0x08, bytes[0]);
        Assert.Equal(8, bytes[1]);

        // opset_import is the last field: ... 0x10 (version tag) 17.
        Assert.Equal(0x10, bytes[^2]);
        Assert.Equal(17, bytes[^1]);
    }

    [Fact]
    public void Export_UnsupportedModule_ThrowsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(new Sequential(new LayerNorm(3)), 3, new MemoryStream()));

    private static Sequential Network()
    {
        var rng = new Random(7);
        var bn = new BatchNorm1d(8);
        bn.Forward(TestData.Matrix(32, 8, 5, 2f)); // non-trivial running statistics
        return new Sequential(
            new Linear(6, 8, rng),
            new ConcatResidual(new Sequential(new Linear(8, 8, rng), bn, new ReLU())),
            new Linear(16, 10, rng),
            new LeakyReLU(0.2f),
            new Residual(new Sequential(new Linear(10, 10, rng), new SiLU())),
            new Dropout(0.5f, 1),
            new Linear(10, 5, rng),
            new Tanh(),
            new Linear(5, 4, rng),
            new Sigmoid());
    }

    private static string RunNode(params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "node did not finish in 60 s");
        Assert.True(process.ExitCode == 0, $"node exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
