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

        var clock = Stopwatch.StartNew();
        var fidelity = new FidelityReport(
            ColumnShapes.Score(input.Train, input.Synthetic, input.Schema),
            ColumnPairTrends.Score(input.Train, input.Synthetic, input.Schema),
            AlphaBeta.Evaluate(input.Train, input.Synthetic, input.Schema),
            Detection.Evaluate(input.Train, input.Synthetic, input.Schema, options.Seed, options.DetectionFolds, options.DetectionMaxRows),
            Validity.Evaluate(input.Train, input.Synthetic, input.Schema));
        var fidelitySeconds = Lap(clock);
        cancellationToken.ThrowIfCancellationRequested();

        var privacy = PrivacyMetrics.Evaluate(input.Train, input.Holdout, input.Synthetic, input.Schema, options.Seed);
        var privacySeconds = Lap(clock);
        cancellationToken.ThrowIfCancellationRequested();

        var utility = input.Target is { } target && options.Utility
            ? UtilityEvaluation.Evaluate(input.Train, input.Holdout, input.Synthetic, input.Schema, target, options.Seed, options.BootstrapResamples)
            : null;
        var utilitySeconds = Lap(clock);
        cancellationToken.ThrowIfCancellationRequested();

        var bias = input.Sensitive is { Count: > 0 } sensitive
            ? BiasAudit.Audit(input.Train, input.Synthetic, input.Schema, input.Target, sensitive, options.AmplificationThreshold)
            : null;
        return new EvaluationReport(fidelity, privacy, utility, bias, new EvaluationTimings(fidelitySeconds, privacySeconds, utilitySeconds, Lap(clock)));
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
