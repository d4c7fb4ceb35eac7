using System.Diagnostics;
using Augment.Data;
using Augment.Evaluation;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Reports;
using Augment.Pipeline.Spec;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// The end-of-run metrics on the held-out real rows: fidelity (column shapes, pair trends), privacy (DCR), the chart
/// data, and the audit findings the spec's policy acts on. Writes <c>work/{runId}/evaluation.json</c> (read by Merge) and
/// returns only the findings, so the orchestration history stays small.
/// </summary>
internal sealed class EvaluateActivity(IBlobStore blobs)
{
    /// <summary>Most synthetic (and holdout) rows the privacy metrics search neighbours for; shares and medians are
    /// estimated well from a sample, and the exact per-row search already ran on every row in the privacy filter.</summary>
    public const int MaxPrivacyRows = 5000;

    public async Task<EvaluateResult> RunAsync(EvaluateInput input, CancellationToken cancellationToken)
    {
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var holdout = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Holdout(input.RunId), null, cancellationToken);
        var synthetic = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(input.RunId), null, cancellationToken);
        var schema = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), DataJsonContext.Default.DatasetSchema, cancellationToken);

        var evaluation = Evaluate(train, holdout, synthetic, schema, input.Spec);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Evaluation(input.RunId), evaluation, ReportJsonContext.Default.RunEvaluation, cancellationToken);

        var findings = AuditFindings.Find(input.Audit, evaluation, input.Spec.Quality);
        return new EvaluateResult(findings, evaluation.Seconds);
    }

    /// <summary>Computes every metric of <paramref name="synthetic"/> against <paramref name="holdout"/> (and <paramref name="train"/>
    /// for privacy, utility and bias).</summary>
    internal static RunEvaluation Evaluate(DataTable train, DataTable holdout, DataTable synthetic, DatasetSchema schema, ResolvedSpec spec)
    {
        var seed = spec.Seed;
        var total = Stopwatch.StartNew();
        var timings = new List<MetricTiming>();
        var notes = new List<string>();
        T Timed<T>(string metric, Func<T> compute)
        {
            var clock = Stopwatch.StartNew();
            var value = compute();
            timings.Add(new MetricTiming(metric, clock.Elapsed.TotalSeconds));
            return value;
        }

        var shapes = Timed("shapes", () => ColumnShapes.Score(holdout, synthetic, schema));
        var trends = Timed("trends", () => ColumnPairTrends.Score(holdout, synthetic, schema));
        DetectionSummary? detection = null;
        if (holdout.RowCount >= 3 && synthetic.RowCount >= 3)
        {
            var d = Timed("detection", () => Detection.Evaluate(holdout, synthetic, schema, seed, 3, spec.Quality.EvaluationMaxRows));
            detection = new DetectionSummary(d.Score, d.Auc);
        }

        PrivacySummary? privacy = null;
        DcrHistogram? dcr = null;
        if (synthetic.RowCount > 0 && train.RowCount >= 2 && holdout.RowCount > 0)
        {
            var synthSample = Sample(synthetic, MaxPrivacyRows, seed);
            var holdoutSample = Sample(holdout, MaxPrivacyRows, seed + 1);
            if (synthSample.RowCount < synthetic.RowCount || holdoutSample.RowCount < holdout.RowCount)
            {
                notes.Add($"privacy metrics: {synthSample.RowCount} of {synthetic.RowCount} synthetic rows and {holdoutSample.RowCount} of {holdout.RowCount} holdout rows, sampled with the seed, against all {train.RowCount} training rows.");
            }

            var report = Timed("privacy", () => PrivacyMetrics.Evaluate(train, holdoutSample, synthSample, schema, seed));
            privacy = PrivacySummary.From(report);
            dcr = ChartData.Dcr(report.HoldoutDcr, report.SyntheticDcr);
        }
        else
        {
            notes.Add("privacy metrics skipped: they need synthetic rows, 2 training rows and a holdout row.");
        }

        UtilityReport? utility = null;
        if (spec.Target is { } target && synthetic.RowCount > 0)
        {
            var max = spec.Quality.EvaluationMaxRows;
            var trainSample = Sample(train, max, seed + 2);
            var synthUtility = Sample(synthetic, (int)Math.Ceiling((double)synthetic.RowCount * trainSample.RowCount / Math.Max(1, train.RowCount)), seed + 3);
            if (trainSample.RowCount < train.RowCount)
            {
                notes.Add($"utility: classifiers fitted on {trainSample.RowCount} of {train.RowCount} training rows and {synthUtility.RowCount} of {synthetic.RowCount} synthetic rows (same ratio; evaluation.maxRows), tested on all {holdout.RowCount} holdout rows.");
            }

            utility = Timed("utility", () => UtilityEvaluation.Evaluate(trainSample, holdout, synthUtility, schema, target, seed));
        }

        BiasReport? bias = spec.Sensitive.Count > 0
            ? Timed("bias", () => BiasAudit.Audit(train, synthetic, schema, spec.Target, spec.Sensitive, spec.Quality.MaxParityIncrease))
            : null;
        var distributions = Timed("charts", () => ChartData.Distributions(holdout, synthetic, schema));
        var correlations = ChartData.Correlations(holdout, synthetic, schema);
        return new RunEvaluation("holdout", holdout.RowCount, synthetic.RowCount, shapes, trends, privacy, detection, utility, bias,
            distributions, correlations, dcr, timings, total.Elapsed.TotalSeconds, notes);
    }

    /// <summary>At most <paramref name="max"/> rows of <paramref name="table"/>, chosen with <paramref name="seed"/>, in table order.</summary>
    internal static DataTable Sample(DataTable table, int max, int seed)
    {
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
}
