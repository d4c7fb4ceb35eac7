using System.Diagnostics;

namespace Augment.Evaluation;

/// <summary>Runs every metric family on one <see cref="EvaluationInput"/>.</summary>
public static class Evaluator
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
        if (input.Train.RowCount == 0 || input.Holdout.RowCount == 0 || input.Synthetic.RowCount == 0)
        {
            throw new ArgumentException("Evaluation needs train, holdout and synthetic rows (one of them is empty).", nameof(input));
        }

        if (input.Target is { } t && input.Schema.Find(t) is null)
        {
            throw new ArgumentException($"The target column '{t}' is not in the schema.", nameof(input));
        }

        var clock = new PartClock();
        var fidelity = new FidelityReport(
            ColumnShapes.Score(input.Train, input.Synthetic, input.Schema),
            ColumnPairTrends.Score(input.Train, input.Synthetic, input.Schema),
            AlphaBeta.Evaluate(input.Train, input.Synthetic, input.Schema),
            Detection.Evaluate(input.Train, input.Synthetic, input.Schema, options.Seed, options.DetectionFolds, options.DetectionMaxRows),
            Validity.Evaluate(input.Train, input.Synthetic, input.Schema));
        var fidelitySeconds = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();

        var privacy = PrivacyMetrics.Evaluate(input.Train, input.Holdout, input.Synthetic, input.Schema, options.Seed);
        var privacySeconds = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();

        var utility = input.Target is { } target && options.Utility
            ? UtilityEvaluation.Evaluate(input.Train, input.Holdout, input.Synthetic, input.Schema, target, options.Seed, options.BootstrapResamples, options.UtilityMargin)
            : null;
        var utilitySeconds = clock.Lap();
        cancellationToken.ThrowIfCancellationRequested();

        var bias = input.Sensitive is { Count: > 0 } sensitive
            ? BiasAudit.Audit(input.Train, input.Synthetic, input.Schema, input.Target, sensitive, options.AmplificationThreshold)
            : null;
        return new EvaluationReport(fidelity, privacy, utility, bias, new EvaluationTimings(fidelitySeconds, privacySeconds, utilitySeconds, clock.Lap()));
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
