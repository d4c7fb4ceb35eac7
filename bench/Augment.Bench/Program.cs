// Benchmarks for AugmentFunctions: `dotnet run -c Release --project bench/Augment.Bench -- <suite> [options]`.
// Each suite lives in its own file and ends by printing one JSON line with its figures.
using Augment.Bench;

var suites = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["durable"] = DurableBench.RunAsync,
    ["quality"] = QualityBench.RunAsync,
    ["utility"] = UtilityBench.RunAsync,
    ["gemm"] = GemmBench.RunAsync,
    ["crash"] = CrashBench.RunAsync,
    ["faults"] = FaultsBench.RunAsync,
    ["images"] = ImagesBench.RunAsync,
    ["image-sample"] = ImageSampleBench.RunAsync,
    ["sampling"] = SamplingBench.RunAsync,
    ["scale"] = ScaleBench.RunAsync,
    ["scale-run"] = Augment.Bench.Scale.ScaleRun.RunAsync,
};

if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    await Console.Error.WriteLineAsync($"usage: Augment.Bench <{string.Join('|', suites.Keys)}> [options]");
    return 2;
}

return await suite(args[1..]);
