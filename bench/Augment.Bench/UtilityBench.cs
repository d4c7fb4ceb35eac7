using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augment.Data;
using Augment.Evaluation;

namespace Augment.Bench;

/// <summary>
/// The <c>utility</c> suite: the utility verdict and recommendation across data regimes. Adult at full size, at 2,000
/// and 500 training rows (stratified), and with the minority class cut to 2 % and 0.5 % of the training rows; for each,
/// a Gaussian copula (the cheapest sound generator of the catalog, conditional on the target) is fitted and sampled
/// (as many rows as the training part), then every arm is scored on the untouched test file with ROC AUC, PR AUC and
/// minority F1 (each with its Δ vs real-only and 95 % CI). Ends with one JSON line.
/// <c>utility [--train a.csv] [--test b.csv] [--target income] [--model gaussian-copula] [--seed 42] [--repetitions 5]</c>.
/// </summary>
internal static class UtilityBench
{
    private static readonly string[] AllMetrics = ["roc_auc", "pr_auc", "minority_f1"];

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var trainPath = Arg("--train", "../shared/datasets/splits/adult_train.csv");
        var testPath = Arg("--test", "../shared/datasets/splits/adult_test.csv");
        var target = Arg("--target", "income");
        var model = Arg("--model", "gaussian-copula");
        var seed = int.Parse(Arg("--seed", "42"), CultureInfo.InvariantCulture);
        var repetitions = int.Parse(Arg("--repetitions", "5"), CultureInfo.InvariantCulture);
        if (!File.Exists(trainPath) || !File.Exists(testPath))
        {
            await Console.Error.WriteLineAsync($"utility: '{trainPath}' or '{testPath}' does not exist.");
            return 2;
        }

        var full = await QualityBench.ReadAsync(trainPath);
        var test = await QualityBench.ReadAsync(testPath);
        var regimes = new (string Name, Func<DataTable> Train)[]
        {
            ("full", () => full),
            ("2000 rows", () => Rows(full, target, 2000, seed)),
            ("500 rows", () => Rows(full, target, 500, seed)),
            ("minority 2%", () => QualityBench.Downsample(full, target, 0.02, seed)),
            ("minority 0.5%", () => QualityBench.Downsample(full, target, 0.005, seed)),
        };

        var total = Stopwatch.StartNew();
        var results = new List<Dictionary<string, object>>();
        foreach (var (name, make) in regimes)
        {
            var train = make();
            var schema = SchemaInference.Infer(train, new SchemaInferenceOptions { CategoricalColumns = [target] });
            var generator = GeneratorCatalog.Fit(model, train, schema, new Augment.Synthesis.TrainingOptions { Seed = seed, Target = target });
            var synthetic = generator.Sample(train.RowCount, seed);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var report = UtilityEvaluation.Evaluate(train, test, synthetic, schema, target, seed, repetitions: repetitions, metrics: AllMetrics);
            var wall = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"## {name}: {train.RowCount:N0} train rows, minority '{report.MinorityClass}' {report.MinorityShare:P1}, {synthetic.RowCount:N0} synthetic ({model}), {report.HoldoutRows:N0} test rows; utility {wall:0.0} s wall, {cpuSeconds:0.0} CPU-s"));
            Console.WriteLine("| arm | ROC AUC | Δ vs real-only [95% CI] | PR AUC | Δ [95% CI] | minority F1 | Δ [95% CI] |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var arm in report.Arms.Where(a => a.Model == "gbt"))
            {
                string Delta(string metric) => report.Verdicts.FirstOrDefault(v => v.Arm == arm.Arm && v.Baseline == "real-only" && v.Metric == metric) is { } v
                    ? string.Create(CultureInfo.InvariantCulture, $"{v.Difference:+0.000;-0.000;0} [{v.Lower:0.000}, {v.Upper:0.000}] {v.Verdict}")
                    : "—";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {arm.Arm} | {arm.RocAuc:0.000} | {Delta("roc_auc")} | {arm.PrAuc:0.000} | {Delta("pr_auc")} | {arm.MinorityF1:0.000} | {Delta("minority_f1")} |"));
            }

            foreach (var skipped in report.Skipped)
            {
                Console.WriteLine($"skipped {skipped.Arm}: {skipped.Reason}");
            }

            Console.WriteLine($"recommended: {report.Recommendation?.Arm} — {report.Recommendation?.Reason}");
            var augmented = report.Verdicts.FirstOrDefault(v => v is { Arm: "augmented", Baseline: "real-only", Metric: "roc_auc" });
            results.Add(new Dictionary<string, object>
            {
                ["regime"] = name,
                ["train_rows"] = train.RowCount,
                ["minority_share"] = Math.Round(report.MinorityShare, 4),
                ["real_auc"] = Math.Round(report.Arms[0].RocAuc, 4),
                ["augmented_dauc"] = augmented is null ? double.NaN.ToString(CultureInfo.InvariantCulture) : Math.Round(augmented.Difference, 4),
                ["augmented_verdict"] = augmented?.Verdict ?? "none",
                ["recommended"] = report.Recommendation?.Arm ?? "none",
                ["utility_cpu_s"] = Math.Round(cpuSeconds, 1),
                ["utility_wall_s"] = Math.Round(wall, 1),
            });
        }

        var json = new Dictionary<string, object>
        {
            ["suite"] = "utility",
            ["model"] = model,
            ["repetitions"] = repetitions,
            ["regimes"] = results,
            ["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(json, BenchJsonContext.Default.DictionaryStringObject));
        return 0;
    }

    /// <summary>About <paramref name="rows"/> training rows, stratified on the target and seeded.</summary>
    private static DataTable Rows(DataTable train, string target, int rows, int seed) =>
        Splitter.StratifiedSplit(train, target, 1 - (rows / (double)train.RowCount), seed).Train;
}
