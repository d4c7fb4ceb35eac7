using System.Diagnostics;
using Augment.Data;
using Augment.Evaluation;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Reports;
using Augment.Pipeline.Spec;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// The end-of-run metrics, computed by <see cref="Evaluator"/> (the one composition): fidelity of the kept synthetic rows
/// against the rows the model was fitted on and against the holdout, unconditional and per class (each labelled; the
/// unconditional vs-fitted block is SDMetrics' numbers), privacy (DCR), utility, bias, the chart data, and the audit
/// findings the spec's policy acts on. Writes <c>work/{runId}/evaluation.json</c> (read by Merge) and returns only the
/// findings, so the orchestration history stays small.
/// </summary>
internal sealed class EvaluateActivity(IBlobStore blobs)
{
    /// <summary>Most synthetic (and holdout) rows the privacy metrics search neighbours for; shares and medians are
    /// estimated well from a sample, and the exact per-row search already ran on every row in the privacy filter.</summary>
    public const int MaxPrivacyRows = 5000;

    /// <summary>Most holdout rows the utility classifiers are scored on (sampled with the seed): the paired bootstrap's
    /// cost grows with them, and 50,000 rows already give intervals far narrower than the ±0.005 margin.</summary>
    public const int MaxUtilityHoldoutRows = 50_000;

    public async Task<EvaluateResult> RunAsync(EvaluateInput input, CancellationToken cancellationToken)
    {
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var holdout = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Holdout(input.RunId), null, cancellationToken);
        var synthetic = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(input.RunId), null, cancellationToken);
        var schema = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), DataJsonContext.Default.DatasetSchema, cancellationToken);

        // Profile writes a stratified fit set when it sampled one; the model was fitted on those rows (see TrainActivity).
        var fitted = await blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.FitSample(input.RunId), cancellationToken) is null
            ? null
            : await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.FitSample(input.RunId), null, cancellationToken);

        var evaluation = Evaluate(train, holdout, synthetic, schema, input.Spec, fitted);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Evaluation(input.RunId), evaluation, ReportJsonContext.Default.RunEvaluation, cancellationToken);

        var findings = AuditFindings.Find(input.Audit, evaluation, input.Spec.Quality);
        return new EvaluateResult(findings, evaluation.Seconds);
    }

    /// <summary>Runs <see cref="Evaluator.Evaluate"/> with the spec's caps, then adds the chart data (holdout vs synthetic).</summary>
    /// <param name="train">The training split.</param>
    /// <param name="holdout">The held-out real rows.</param>
    /// <param name="synthetic">The kept synthetic rows.</param>
    /// <param name="schema">The training rows' schema.</param>
    /// <param name="spec">The resolved spec (seed, target, sensitive columns, evaluation.maxRows).</param>
    /// <param name="fitted">The rows the model was fitted on when Profile sampled a fit set; null = <paramref name="train"/>.</param>
    internal static RunEvaluation Evaluate(DataTable train, DataTable holdout, DataTable synthetic, DatasetSchema schema, ResolvedSpec spec, DataTable? fitted = null)
    {
        var total = Stopwatch.StartNew();
        var timings = new List<MetricTiming>();
        if (synthetic.RowCount == 0 || holdout.RowCount == 0 || (fitted ?? train).RowCount == 0)
        {
            var empty = new ShapeReport(double.NaN, []);
            var none = new TrendReport(double.NaN, double.NaN, "sdmetrics", []);
            return new RunEvaluation("holdout", holdout.RowCount, synthetic.RowCount, empty, none, null, null, null, null, [], ChartData.Correlations(holdout, synthetic, schema), null,
                timings, total.Elapsed.TotalSeconds, ["evaluation skipped: it needs synthetic, training and holdout rows."], null);
        }

        var options = new EvaluationOptions
        {
            Seed = spec.Seed,
            DetectionMaxRows = spec.Quality.EvaluationMaxRows,
            PrivacyMaxRows = MaxPrivacyRows,
            UtilityMaxTrainRows = spec.Quality.EvaluationMaxRows,
            UtilityMaxHoldoutRows = MaxUtilityHoldoutRows,
            AmplificationThreshold = spec.Quality.MaxParityIncrease,
        };
        var report = Evaluator.Evaluate(new EvaluationInput(train, holdout, synthetic, schema, spec.Target, spec.Sensitive, fitted), options);
        timings.Add(new MetricTiming("fidelity", report.Timings.Fidelity.Wall));
        timings.Add(new MetricTiming("privacy", report.Timings.Privacy.Wall));
        if (report.Utility is not null)
        {
            timings.Add(new MetricTiming("utility", report.Timings.Utility.Wall));
        }

        if (report.Bias is not null)
        {
            timings.Add(new MetricTiming("bias", report.Timings.Bias.Wall));
        }

        var clock = Stopwatch.StartNew();
        var distributions = ChartData.Distributions(holdout, synthetic, schema);
        var correlations = ChartData.Correlations(holdout, synthetic, schema);
        timings.Add(new MetricTiming("charts", clock.Elapsed.TotalSeconds));
        var vsHoldout = report.Comparisons.Comparisons.First(c => c.Against == "holdout" && c.Class is null);
        var detection = vsHoldout.Sdmetrics.LogisticDetection is { } d ? new DetectionSummary(d, vsHoldout.DetectionAuc ?? double.NaN) : null;
        return new RunEvaluation("holdout", holdout.RowCount, synthetic.RowCount, vsHoldout.Shapes, vsHoldout.Trends, PrivacySummary.From(report.Privacy), detection,
            report.Utility, report.Bias, distributions, correlations, ChartData.Dcr(report.Privacy.HoldoutDcr, report.Privacy.SyntheticDcr), timings,
            total.Elapsed.TotalSeconds, report.Notes, report.Comparisons);
    }

    /// <summary>At most <paramref name="max"/> rows of <paramref name="table"/>, chosen with <paramref name="seed"/>, in table order.</summary>
    internal static DataTable Sample(DataTable table, int max, int seed) => Evaluator.Sample(table, max, seed);
}
