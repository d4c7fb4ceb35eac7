using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augment.Bench.Scale;

namespace Augment.Bench;

/// <summary>
/// The <c>scale</c> suite (issue 15): how time and memory grow with rows and columns. Tables made from Adult's columns
/// (<see cref="ScaleData"/>) at 10k, 100k and 1M rows × 15 columns and at 15 → 150 columns × 100k rows; for each table
/// and model a child process runs the pipeline's activities (<see cref="ScaleRun"/>) and reports every stage's seconds,
/// peak resident MB and allocated MB; sampling rows/s is the Sample stage's rows over its seconds.
/// <c>scale [--rows 10000,100000,1000000] [--max-rows N] [--cols 15,150] [--wide-rows 100000]
/// [--models latent-mixture,gaussian-copula] [--add-share 0.1] [--stages …] [--source adult.csv] [--dir tmp]</c>.
/// Ends with one JSON line.
/// </summary>
internal static class ScaleBench
{
    private static readonly string[] Stages = ["profile", "train", "sample", "filter", "evaluate", "merge"];

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rows"] = "10000,100000,1000000",
            ["cols"] = "15,150",
            ["wide-rows"] = "100000",
            ["models"] = "latent-mixture,gaussian-copula",
            ["add-share"] = "0.1",
            ["stages"] = "profile,train,sample,filter,evaluate,merge",
            ["seed"] = "42",
            ["max-training-rows"] = "10000000",
            ["source"] = FindAdult(),
            ["dir"] = Path.Combine(Path.GetTempPath(), "augment-scale"),
        };
        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (i + 1 >= args.Length || (!o.ContainsKey(name) && name != "max-rows"))
            {
                await Console.Error.WriteLineAsync($"scale: unknown option or missing value '{args[i]}' (options: {string.Join(", ", o.Keys.Append("max-rows").Select(k => "--" + k))}).");
                return 2;
            }

            o[name] = args[i + 1];
        }

        var maxRows = o.TryGetValue("max-rows", out var m) ? Int(m) : int.MaxValue;
        var cases = Ints(o["rows"]).Where(r => r <= maxRows).Select(r => (Rows: r, Cols: 15))
            .Concat(Ints(o["cols"]).Where(c => c != 15).Select(c => (Rows: Math.Min(Int(o["wide-rows"]), maxRows), Cols: c)))
            .ToList();
        var addShare = double.Parse(o["add-share"], CultureInfo.InvariantCulture);
        Directory.CreateDirectory(o["dir"]);
        Console.WriteLine($"CPU: {CpuName()}, {Environment.ProcessorCount} cores; load average at start: {LoadAverage()}");

        var results = new List<Dictionary<string, object>>();
        foreach (var (rows, cols) in cases)
        {
            var data = Path.Combine(o["dir"], $"adult-{rows}x{cols}-s{o["seed"]}.csv");
            if (!File.Exists(data))
            {
                var clock = Stopwatch.StartNew();
                await ScaleData.WriteAsync(o["source"], data + ".part", rows, cols, Int(o["seed"]));
                File.Move(data + ".part", data, overwrite: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"made {data} ({new FileInfo(data).Length / 1048576.0:F0} MB) in {clock.Elapsed.TotalSeconds:F1} s"));
            }

            foreach (var model in o["models"].Split(','))
            {
                var work = Path.Combine(o["dir"], $"work-{rows}x{cols}-{model}");
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }

                var add = Math.Max(1000, (int)(rows * addShare));
                var line = await RunChildAsync(["scale-run", "--data", data, "--work", work, "--model", model, "--add", Str(add), "--seed", o["seed"], "--stages", o["stages"], "--max-training-rows", o["max-training-rows"]]);
                Directory.Delete(work, recursive: true);
                if (line is null)
                {
                    results.Add(new Dictionary<string, object> { ["rows"] = rows, ["cols"] = cols, ["model"] = model, ["failed"] = true });
                    continue;
                }

                line["cols"] = cols;
                line["load_after"] = LoadAverage();
                if (line.TryGetValue("sample_rows", out var sampledRows) && line.TryGetValue("sample_s", out var sampleSeconds))
                {
                    line["sample_rows_per_s"] = Math.Round(ToDouble(sampledRows) / Math.Max(ToDouble(sampleSeconds), 1e-3));
                }

                results.Add(line);
                Console.WriteLine(Describe(line));
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["suite"] = "scale", ["cpu"] = CpuName(), ["cases"] = results }, BenchJsonContext.Default.DictionaryStringObject));
        return results.Any(r => r.ContainsKey("failed")) ? 1 : 0;
    }

    private static async Task<Dictionary<string, object>?> RunChildAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (child.ExitCode != 0 || last is null || !last.StartsWith('{'))
        {
            await Console.Error.WriteLineAsync($"scale-run failed ({child.ExitCode}): {string.Join(' ', start.ArgumentList)}\n{(await stderr).Trim()}");
            return null;
        }

        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind switch
            {
                JsonValueKind.Number => (object)p.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => p.Value.ToString(),
            });
    }

    private static string Describe(Dictionary<string, object> r)
    {
        string Get(string key) => r.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture)! : "-";
        var stages = string.Join("  ", Stages
            .Where(s => r.ContainsKey(s + "_s"))
            .Select(s => $"{s} {Get(s + "_s")} s ({Get(s + "_cpu_s")} CPU s) / {Get(s + "_peak_mb")} MB"));
        return $"{Get("rows")} x {Get("cols")} {Get("model")} (fit on {Get("fit_rows")} rows): {stages}; sampling {Get("sample_rows_per_s")} rows/s; process peak {Get("process_peak_mb")} MB; load {Get("load_after")}";
    }

    private static string FindAdult()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "adult.csv");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return "samples/adult.csv";
    }

    private static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
            var simd = flags.Contains(" avx512f", StringComparison.Ordinal) ? "AVX-512" : flags.Contains(" avx2", StringComparison.Ordinal) ? "AVX2+FMA" : "no AVX2";
            return $"{line?.Split(':', 2)[1].Trim() ?? "unknown"} ({simd})";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double ToDouble(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int[] Ints(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Int)];
}
