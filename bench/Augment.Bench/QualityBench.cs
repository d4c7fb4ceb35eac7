using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augment.Data;
using Augment.Evaluation;

namespace Augment.Bench;

/// <summary>
/// The <c>quality</c> suite: fits a generator on a training CSV, samples as many rows, evaluates them against the
/// test CSV with Augment.Evaluation and prints a table and one JSON line.
/// <c>quality --train a.csv --test b.csv --target income --model gaussian-copula [--seed 42] [--rows N]</c>.
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

        var train = await ReadAsync(options.Train);
        var test = await ReadAsync(options.Test);
        if (train.IndexOf(options.Target) < 0 || test.IndexOf(options.Target) < 0)
        {
            await Console.Error.WriteLineAsync($"The target column '{options.Target}' is not in both files.");
            return 2;
        }

        var schema = SchemaInference.Infer(train, new SchemaInferenceOptions { CategoricalColumns = [options.Target] });
        var clock = Stopwatch.StartNew();
        var generator = GeneratorCatalog.Fit(options.Model, train, schema, options.Seed);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var rows = options.Rows ?? train.RowCount;
        clock.Restart();
        var synthetic = generator.Sample(rows, options.Seed);
        var sampleSeconds = clock.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

        var report = Evaluator.Evaluate(
            new EvaluationInput(train, test, synthetic, schema, options.Target),
            new EvaluationOptions { Seed = options.Seed });
        var tstr = report.Utility?.Tstr?.RocAuc ?? double.NaN;
        var real = report.Utility?.Arms.FirstOrDefault(a => a is { Arm: "real-only", Model: "gbt" })?.RocAuc ?? double.NaN;
        var rowsPerSecond = rows / Math.Max(sampleSeconds, 1e-9);

        Print("model", options.Model);
        Print("rows (train / test / synthetic)", $"{train.RowCount} / {test.RowCount} / {rows}");
        Print("column shapes", report.Fidelity.Shapes.Score);
        Print("column-pair trends", report.Fidelity.Trends.Score);
        Print("detection (logistic)", report.Fidelity.Detection.Score);
        Print("alpha-precision / beta-recall", $"{F(report.Fidelity.AlphaBeta.AlphaPrecision)} / {F(report.Fidelity.AlphaBeta.BetaRecall)}");
        Print("validity", report.Fidelity.Validity.Score);
        Print("TSTR AUC (our GBT) / real AUC", $"{F(tstr)} / {F(real)}");
        Print("DCR share closer to train", report.Privacy.ShareCloserToTrain);
        Print("share below holdout p2 / exact copies", $"{F(report.Privacy.ShareBelowHoldoutP2)} / {F(report.Privacy.ExactCopyShare)}");
        Print("train seconds", trainSeconds);
        Print("sampling rows/s", rowsPerSecond.ToString("F0", CultureInfo.InvariantCulture));
        Print("peak MB (fit + sample)", peakMb);
        var t = report.Timings;
        Print("evaluation seconds", $"{F(t.Total)} (fidelity {F(t.Fidelity)}, privacy {F(t.Privacy)}, utility {F(t.Utility)}, bias {F(t.Bias)})");
        foreach (var verdict in report.Utility?.Verdicts ?? [])
        {
            Print($"verdict vs {verdict.Baseline}", $"{verdict.Verdict} (ΔAUC {F(verdict.Difference)}, 95% CI [{F(verdict.Lower)}, {F(verdict.Upper)}])");
        }

        var json = new Dictionary<string, object>
        {
            ["model"] = options.Model,
            ["shape"] = Round(report.Fidelity.Shapes.Score),
            ["trend"] = Round(report.Fidelity.Trends.Score),
            ["detection"] = Round(report.Fidelity.Detection.Score),
            ["tstr_auc"] = Round(tstr),
            ["dcr_share"] = Round(report.Privacy.ShareCloserToTrain),
            ["train_s"] = Round(trainSeconds),
            ["sample_rows_per_s"] = Math.Round(rowsPerSecond),
            ["peak_mb"] = Math.Round(peakMb),
        };
        Console.WriteLine(JsonSerializer.Serialize(json, BenchJsonContext.Default.DictionaryStringObject));
        return 0;
    }

    private static async Task<DataTable> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await CsvTable.ReadAsync(stream);
    }

    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : -1;

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void Print(string name, double value) => Print(name, F(value));

    private static void Print(string name, string value) => Console.WriteLine($"{name,-40} {value}");
}
