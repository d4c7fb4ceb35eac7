using Augment.Data;
using System.Diagnostics;

namespace Augment.Evaluation;

/// <summary>
/// THE evaluation composition (the pipeline's Evaluate activity, the quality bench and the CLI all call it): fidelity of
/// the synthetic rows against the real rows the model was fitted on and against the holdout, unconditional and per
/// class, each comparison labelled; privacy, utility and bias.
/// </summary>
public static partial class Evaluator
{
    /// <summary>Evaluates the synthetic rows. Same input and options ⇒ the same report (timings aside).</summary>
    /// <param name="input">The tables, schema, target and sensitive columns.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Checked between metric families.</param>
    /// <exception cref="ArgumentException">A table is empty or lacks a schema column, or the target/sensitive columns are unknown.</exception>
    public static EvaluationReport Evaluate(EvaluationInput input, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new EvaluationOptions();
        var fitted = input.Fitted ?? input.Train;
        if (fitted.RowCount == 0 || input.Holdout.RowCount == 0 || input.Synthetic.RowCount == 0)
        {
            throw new ArgumentException("Evaluation needs train, holdout and synthetic rows (one of them is empty).", nameof(input));
        }

        if (input.Target is { } t && input.Schema.Find(t) is null)
        {
            throw new ArgumentException($"The target column '{t}' is not in the schema.", nameof(input));
        }

        var notes = new List<string>();
        var clock = new PartClock();
        var fidelity = TrainFidelity(fitted, input.Synthetic, input.Schema, options);
        var comparisons = Comparisons(input, fitted, fidelity, options, notes);
        var fidelitySeconds = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();

        var privacy = Privacy(input, options, notes);
        var privacySeconds = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();

        var utility = input.Target is { } target && options.Utility ? Utility(input, target, options, notes) : null;
        var utilitySeconds = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();

        var bias = input.Sensitive is { Count: > 0 } sensitive
            ? BiasAudit.Audit(input.Train, input.Synthetic, input.Schema, input.Target, sensitive, options.AmplificationThreshold)
            : null;
        return new EvaluationReport(fidelity, privacy, utility, bias, new EvaluationTimings(fidelitySeconds, privacySeconds, utilitySeconds, clock.Lap()),
            comparisons, notes);
    }

    /// <summary>At most <paramref name="max"/> rows of <paramref name="table"/>, chosen with <paramref name="seed"/>, in table order.</summary>
    /// <param name="table">The rows.</param>
    /// <param name="max">The most rows to keep.</param>
    /// <param name="seed">Seed of the choice.</param>
    public static DataTable Sample(DataTable table, int max, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.RowCount <= max)
        {
            return table;
        }

        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(seed).Shuffle(rows);
        var chosen = rows[..max];
        Array.Sort(chosen);
        return table.SelectRows(chosen);
    }

    private static FidelityReport TrainFidelity(DataTable fitted, DataTable synthetic, DatasetSchema schema, EvaluationOptions options) => new(
        ColumnShapes.Score(fitted, synthetic, schema),
        ColumnPairTrends.Score(fitted, synthetic, schema),
        AlphaBeta.Evaluate(fitted, synthetic, schema),
        Detect(fitted, synthetic, schema, options),
        Validity.Evaluate(fitted, synthetic, schema),
        NewRowSynthesis.Score(fitted, synthetic, schema),
        ColumnPairTrends.Score(fitted, synthetic, schema, binning: PairBinning.RealRange));

    /// <summary>Detection, or NaN scores when a side has fewer rows than folds (tiny tables must not fail the run).</summary>
    private static DetectionReport Detect(DataTable real, DataTable synthetic, DatasetSchema schema, EvaluationOptions options) =>
        real.RowCount >= options.DetectionFolds && synthetic.RowCount >= options.DetectionFolds
            ? Detection.Evaluate(real, synthetic, schema, options.Seed, options.DetectionFolds, options.DetectionMaxRows)
            : new DetectionReport(double.NaN, double.NaN, [], Enumerable.Repeat(double.NaN, synthetic.RowCount).ToArray());

    private static PrivacyReport Privacy(EvaluationInput input, EvaluationOptions options, List<string> notes)
    {
        var synthetic = Sample(input.Synthetic, options.PrivacyMaxRows, options.Seed);
        var holdout = Sample(input.Holdout, options.PrivacyMaxRows, options.Seed + 1);
        if (synthetic.RowCount < input.Synthetic.RowCount || holdout.RowCount < input.Holdout.RowCount)
        {
            notes.Add($"privacy metrics: {synthetic.RowCount} of {input.Synthetic.RowCount} synthetic rows and {holdout.RowCount} of {input.Holdout.RowCount} holdout rows, sampled with the seed, against all {input.Train.RowCount} training rows.");
        }

        return PrivacyMetrics.Evaluate(input.Train, holdout, synthetic, input.Schema, options.Seed);
    }

    private static UtilityReport Utility(EvaluationInput input, string target, EvaluationOptions options, List<string> notes)
    {
        var train = Sample(input.Train, options.UtilityMaxTrainRows, options.Seed + 2);
        var synthetic = Sample(input.Synthetic, (int)Math.Ceiling((double)input.Synthetic.RowCount * train.RowCount / Math.Max(1, input.Train.RowCount)), options.Seed + 3);
        var holdout = Sample(input.Holdout, options.UtilityMaxHoldoutRows, options.Seed + 4);
        if (train.RowCount < input.Train.RowCount || holdout.RowCount < input.Holdout.RowCount)
        {
            var tested = holdout.RowCount < input.Holdout.RowCount ? $"{holdout.RowCount} of {input.Holdout.RowCount} holdout rows (sampled with the seed)" : $"all {input.Holdout.RowCount} holdout rows";
            notes.Add($"utility: classifiers fitted on {train.RowCount} of {input.Train.RowCount} training rows and {synthetic.RowCount} of {input.Synthetic.RowCount} synthetic rows (same ratio; evaluation.maxRows), tested on {tested}.");
        }

        return UtilityEvaluation.Evaluate(train, holdout, synthetic, input.Schema, target, options.Seed, options.BootstrapResamples, options.UtilityMargin);
    }

    /// <summary>Wall and process CPU time since the last lap.</summary>
    private sealed class PartClock
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public PartTiming Lap()
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var timing = new PartTiming(_wall.Elapsed.TotalSeconds, (cpu - _cpu).TotalSeconds);
            _wall.Restart();
            _cpu = cpu;
            return timing;
        }
    }
}
