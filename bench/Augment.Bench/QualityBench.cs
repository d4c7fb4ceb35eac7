using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augment.Data;
using Augment.Evaluation;

namespace Augment.Bench;

/// <summary>
/// The <c>quality</c> suite: fits a generator on a training CSV, samples as many rows, evaluates them against the
/// test CSV with Augment.Evaluation and prints a table and one JSON line.
/// <c>quality --train a.csv [--test b.csv] --target income --model gaussian-copula [--seed 42] [--rows N]</c>; without
/// --test, a seeded, stratified 20 % of the training file is held out.
/// </summary>
internal static class QualityBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        QualityArgs options;
        try
        {
            options = QualityArgs.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (new[] { options.Train, options.Test }.FirstOrDefault(p => p is not null && !File.Exists(p)) is { } missing)
        {
            await Console.Error.WriteLineAsync($"quality: the file '{missing}' does not exist.");
            return 2;
        }

        var train = await ReadAsync(options.Train);
        DataTable test;
        if (options.Test is { } testPath)
        {
            test = await ReadAsync(testPath);
        }
        else if (train.IndexOf(options.Target) >= 0)
        {
            // No test file: a seeded 20 % holdout, stratified on the target.
            (train, test) = Splitter.StratifiedSplit(train, options.Target, 0.2, options.Seed);
        }
        else
        {
            test = train;
        }

        if (train.IndexOf(options.Target) < 0 || test.IndexOf(options.Target) < 0)
        {
            await Console.Error.WriteLineAsync($"The target column '{options.Target}' is not in both files.");
            return 2;
        }

        if (options.MinorityShare is { } share)
        {
            train = Downsample(train, options.Target, share, options.Seed);
        }

        var schema = SchemaInference.Infer(train, new SchemaInferenceOptions { CategoricalColumns = [options.Target] });
        var clock = Stopwatch.StartNew();
        Augment.Synthesis.ITabularGenerator generator;
        try
        {
            generator = GeneratorCatalog.Fit(options.Model, train, schema, new Augment.Synthesis.TrainingOptions
            {
                Seed = options.Seed,
                Target = options.Target,
                Epochs = options.Epochs,
                BatchSize = options.BatchSize,
                TimeBudget = options.BudgetSeconds is { } b ? TimeSpan.FromSeconds(b) : null,
                Progress = new StderrProgress(),
            });
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var trainSeconds = clock.Elapsed.TotalSeconds;
        var rows = options.Rows ?? train.RowCount;
        clock.Restart();
        generator.Sample(Math.Min(rows, 2000), options.Seed + 1); // warm-up: the timing below excludes JIT compilation
        clock.Restart();
        var synthetic = generator.Sample(rows, options.Seed);
        var sampleSeconds = clock.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

        var report = Evaluator.Evaluate(
            new EvaluationInput(train, test, synthetic, schema, options.Target, options.Sensitive),
            new EvaluationOptions { Seed = options.Seed });
        var detectionCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gbtDetection = GbtDetection.Evaluate(train, synthetic, schema, options.Seed);
        var gbtDetectionCpu = (Process.GetCurrentProcess().TotalProcessorTime - detectionCpu).TotalSeconds;
        var tstr = report.Utility?.Tstr?.RocAuc ?? double.NaN;
        var real = report.Utility?.Arms.FirstOrDefault(a => a is { Arm: "real-only", Model: "gbt" })?.RocAuc ?? double.NaN;
        var rowsPerSecond = rows / Math.Max(sampleSeconds, 1e-9);

        Print("model", options.Model);
        Print("rows (train / test / synthetic)", $"{train.RowCount} / {test.RowCount} / {rows}");
        var sd = report.Comparisons.Sdmetrics;
        Print("SDMetrics quality / shapes / pair trends (vs train)", $"{F(sd.Quality)} / {F(sd.ColumnShapes)} / {F(sd.ColumnPairTrends)}");
        Print("pair trends: all pairs / ours (real-range bins)", $"{F(sd.ColumnPairTrendsAllPairs)} / {F(report.Fidelity.TrendsRealRangeBins.Score)}");
        Print("new-row synthesis", report.Fidelity.NewRowSynthesis);
        foreach (var block in report.Comparisons.Comparisons.Skip(1))
        {
            Print($"  {block.Label}", $"quality {F(block.Sdmetrics.Quality)}  shapes {F(block.Sdmetrics.ColumnShapes)}  trends {F(block.Sdmetrics.ColumnPairTrends)}");
        }

        Print("detection (logistic) / its mean AUC", $"{F(report.Fidelity.Detection.Score)} / {F(report.Fidelity.Detection.Auc)}");
        Print("detection (LightGBM) / its mean AUC", $"{F(gbtDetection.Score)} / {F(gbtDetection.Auc)}  ({F(gbtDetectionCpu)} CPU-s)");
        Print("alpha-precision / beta-recall", $"{F(report.Fidelity.AlphaBeta.AlphaPrecision)} / {F(report.Fidelity.AlphaBeta.BetaRecall)}");
        Print("validity", report.Fidelity.Validity.Score);
        Print("TSTR AUC (LightGBM) / real AUC", $"{F(tstr)} / {F(real)}");
        Print("DCR share closer to train", report.Privacy.ShareCloserToTrain);
        Print("share below holdout p2 / exact copies", $"{F(report.Privacy.ShareBelowHoldoutP2)} / {F(report.Privacy.ExactCopyShare)}");
        Print("train seconds", trainSeconds);
        Print("sampling rows/s", rowsPerSecond.ToString("F0", CultureInfo.InvariantCulture));
        Print("peak MB (fit + sample)", peakMb);
        var t = report.Timings;
        Print("evaluation seconds (wall)", $"{F(t.Total)} (fidelity {F(t.Fidelity.Wall)}, privacy {F(t.Privacy.Wall)}, utility {F(t.Utility.Wall)}, bias {F(t.Bias.Wall)})");
        Print("evaluation seconds (CPU, all threads)", $"{F(t.TotalCpu)} (fidelity {F(t.Fidelity.Cpu)}, privacy {F(t.Privacy.Cpu)}, utility {F(t.Utility.Cpu)}, bias {F(t.Bias.Cpu)})");
        foreach (var arm in report.Utility?.Arms ?? [])
        {
            Print($"  {arm.Arm} ({arm.Model})", $"AUC {F(arm.RocAuc)}  PR-AUC {F(arm.PrAuc)}  macro-F1 {F(arm.MacroF1)}  minority recall {F(arm.MinorityRecall)}  acc {F(arm.Accuracy)}  rows {arm.TrainRows}");
        }

        foreach (var attribute in report.Bias?.Attributes ?? [])
        {
            Print($"  bias {attribute.Attribute}", $"DPD {F(attribute.RealParityDifference)} -> {F(attribute.AugmentedParityDifference)}  DIR {F(attribute.RealImpactRatio)} -> {F(attribute.AugmentedImpactRatio)}  amplified {attribute.Amplified}");
        }

        foreach (var verdict in report.Utility?.Verdicts ?? [])
        {
            Print($"{verdict.Arm} vs {verdict.Baseline} ({verdict.Metric})", $"{verdict.Verdict} (Δ {F(verdict.Difference)}, 95% CI [{F(verdict.Lower)}, {F(verdict.Upper)}])");
        }

        if (report.Utility?.Recommendation is { } recommendation)
        {
            Print("recommended arm", $"{recommendation.Arm}: {recommendation.Reason}");
        }

        var json = new Dictionary<string, object>
        {
            ["model"] = options.Model,
            ["quality"] = Round(sd.Quality),
            ["shape"] = Round(report.Fidelity.Shapes.Score),
            ["trend"] = Round(report.Fidelity.Trends.Score),
            ["trend_real_range_bins"] = Round(report.Fidelity.TrendsRealRangeBins.Score),
            ["detection"] = Round(report.Fidelity.Detection.Score),
            ["gbt_detection"] = Round(gbtDetection.Score),
            ["tstr_auc"] = Round(tstr),
            ["dcr_share"] = Round(report.Privacy.ShareCloserToTrain),
            ["train_s"] = Round(trainSeconds),
            ["sample_rows_per_s"] = Math.Round(rowsPerSecond),
            ["peak_mb"] = Math.Round(peakMb),
        };
        Console.WriteLine(JsonSerializer.Serialize(json, BenchJsonContext.Default.DictionaryStringObject));
        return 0;
    }

    internal static async Task<DataTable> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await CsvTable.ReadAsync(stream);
    }

    /// <summary>Keeps a seeded sample of the least frequent class so that it makes up <paramref name="share"/> of the rows.</summary>
    internal static DataTable Downsample(DataTable train, string target, double share, int seed)
    {
        var labels = train.Column(train.IndexOf(target));
        var minority = labels.GroupBy(l => l).OrderBy(g => g.Count()).First().Key;
        var majority = Enumerable.Range(0, train.RowCount).Where(i => labels[i] != minority).ToList();
        var minorityRows = Enumerable.Range(0, train.RowCount).Where(i => labels[i] == minority).ToList();
        var keep = (int)Math.Round(share / (1 - share) * majority.Count);
        var rng = new Random(seed);
        var chosen = minorityRows.OrderBy(_ => rng.Next()).Take(keep);
        return train.SelectRows(majority.Concat(chosen).Order().ToArray());
    }

    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : -1;

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void Print(string name, double value) => Print(name, F(value));

    private static void Print(string name, string value) => Console.WriteLine($"{name,-40} {value}");

    /// <summary>Training progress on standard error, one line per step, in order.</summary>
    private sealed class StderrProgress : IProgress<Augment.Synthesis.TrainingProgress>
    {
        public void Report(Augment.Synthesis.TrainingProgress value) =>
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value.Unit} {value.Step}/{value.TotalSteps}  loss {value.Loss:F4}  elapsed {value.Elapsed.TotalSeconds:F1} s  {value.Stage}"));
    }
}
