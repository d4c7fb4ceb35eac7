using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Augment.Data;
using Augment.Synthesis;
using Augment.Synthesis.Neural;
using Augment.Synthesis.Onnx;

namespace Augment.Bench;

/// <summary>
/// The <c>sampling</c> suite: rows/s of TVAE and CTGAN sampling through ONNX Runtime and through our own forward pass,
/// in the same process, alternating. <c>sampling --train adult_train.csv [--target income] [--models tvae,ctgan]
/// [--epochs 2] [--rows 39074] [--rounds 3] [--seed 42] [--intra 1]</c> (<c>--intra</c>: ONNX Runtime's intra-op threads;
/// a list such as <c>1,2</c> times each, all in the same rounds). The networks' shapes do not depend on how long they
/// trained, so a short fit is enough to time sampling. Ends with one JSON line. <c>sampling --images</c> times the
/// conditional VAE's image decoder instead (<see cref="RunImages"/>).
/// </summary>
internal static partial class SamplingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--images"))
        {
            return RunImages(args);
        }

        var train = Option(args, "--train") ?? Path.Combine("samples", "adult.csv");
        var target = Option(args, "--target") ?? "income";
        var models = (Option(args, "--models") ?? "tvae,ctgan").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var epochs = int.Parse(Option(args, "--epochs") ?? "2", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var seed = int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var intra = (Option(args, "--intra") ?? "1").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        if (!File.Exists(train))
        {
            await Console.Error.WriteLineAsync($"sampling: the file '{train}' does not exist.");
            return 2;
        }

        DataTable table;
        await using (var stream = File.OpenRead(train))
        {
            table = await CsvTable.ReadAsync(stream);
        }

        var rows = int.Parse(Option(args, "--rows") ?? table.RowCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var schema = SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = [target] });
        var cpu = GemmBench.CpuModel();
        Console.WriteLine($"sampling: {Path.GetFileName(train)} ({table.RowCount} rows), {rows} rows per call, best of {rounds}; {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine($"  CPU: {cpu}; AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}, AVX-512F {Avx512F.IsSupported}; load average {LoadAverage()}");
        var json = new StringBuilder($"{{\"cpu\":\"{GemmBench.Escape(cpu)}\",\"threads\":{Environment.ProcessorCount},\"rows\":{rows}");
        foreach (var name in models)
        {
            var clock = Stopwatch.StartNew();
            var model = (IOnnxSampleable)Augment.Synthesis.GeneratorCatalog.Default.Fit(name, table, schema, new TrainingOptions { Seed = seed, Target = target, Epochs = epochs });
            var fit = clock.Elapsed.TotalSeconds;
            using var graph = new MemoryStream();
            clock.Restart();
            model.ExportOnnx(graph);
            var export = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var engines = intra.Select(t => OnnxNetworkEngine.Create(graph.ToArray(), model.NetworkInputWidth, model.NetworkOutputWidth, new OnnxEngineOptions { IntraOpThreads = t })).ToArray();
            var session = clock.Elapsed.TotalMilliseconds / engines.Length;
            var engine = engines[0];

            // Warm-up both, then alternate: on a shared machine the load moves within seconds.
            model.Sample(2000, seed);
            foreach (var e in engines)
            {
                model.Sample(2000, seed, null, e);
            }

            var own = new List<double>();
            var ort = new List<double>();
            var others = engines.Skip(1).Select(_ => new List<double>()).ToArray();
            DataTable? ownRows = null;
            DataTable? ortRows = null;
            for (var r = 0; r < rounds; r++)
            {
                clock.Restart();
                ownRows = model.Sample(rows, seed);
                own.Add(rows / clock.Elapsed.TotalSeconds);
                clock.Restart();
                ortRows = model.Sample(rows, seed, null, engine);
                ort.Add(rows / clock.Elapsed.TotalSeconds);
                for (var k = 1; k < engines.Length; k++)
                {
                    clock.Restart();
                    model.Sample(rows, seed, null, engines[k]);
                    others[k - 1].Add(rows / clock.Elapsed.TotalSeconds);
                }
            }

            var agree = Agreement(ownRows!, ortRows!);
            Console.WriteLine($"  {name}: fit {fit:F1} s ({epochs} epochs), export {export:F0} ms ({graph.Length / 1024} KiB), session {session:F0} ms on {engine.Provider.Provider} ({engine.Provider.Reason})");
            Console.WriteLine($"    own forward pass: {Join(own)} rows/s");
            Console.WriteLine($"    ONNX Runtime:     {Join(ort)} rows/s  → {ort.Max() / own.Max():F2}× (best of each; intra-op threads {intra[0]}); cells equal to the own sampler's: {agree:P3}");
            for (var k = 1; k < engines.Length; k++)
            {
                Console.WriteLine($"    ONNX Runtime, intra-op threads {intra[k]}: {Join(others[k - 1])} rows/s  → {others[k - 1].Max() / own.Max():F2}×");
            }

            foreach (var e in engines)
            {
                e.Dispose();
            }

            json.Append(CultureInfo.InvariantCulture, $",\"{name}\":{{\"own_rows_s\":{own.Max():F0},\"ort_rows_s\":{ort.Max():F0},\"ratio\":{ort.Max() / own.Max():F2},\"provider\":\"{engine.Provider.Provider}\",\"cells_equal\":{agree:F5},\"session_ms\":{session:F0}}}");
        }

        Console.WriteLine(json.Append('}').ToString());
        return 0;
    }

    private static double Agreement(DataTable a, DataTable b)
    {
        long same = 0;
        long cells = 0;
        for (var c = 0; c < a.Columns.Count; c++)
        {
            for (var i = 0; i < a.RowCount; i++)
            {
                cells++;
                same += a[i, c] == b[i, c] ? 1 : 0;
            }
        }

        return cells == 0 ? 1 : (double)same / cells;
    }

    private static string Join(List<double> values) => string.Join(", ", values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)));

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
