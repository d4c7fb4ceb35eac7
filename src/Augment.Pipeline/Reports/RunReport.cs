using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Reports;

/// <summary>The content of <c>report.json</c> (schema in docs/report-schema.md): what was run, on what, and what came out.</summary>
/// <param name="SchemaVersion">Bumped on every change that removes or renames a field; <see cref="CurrentSchemaVersion"/>.</param>
/// <param name="RunId">The run (orchestration instance) id.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Trigger">upload, nightly, api or cli.</param>
/// <param name="Source">The dataset version read.</param>
/// <param name="Spec">The spec used, every default applied and listed in <c>spec.defaults</c>.</param>
/// <param name="Rows">Row counts.</param>
/// <param name="Model">The generator.</param>
/// <param name="Stages">Per stage, its start and end (orchestration time).</param>
/// <param name="Filter">The filter steps and their counts.</param>
/// <param name="Quality">Column shapes of the kept rows against the training rows, per class (quick check; not
/// SDMetrics' unconditional number, which is <see cref="Fidelity"/>).</param>
/// <param name="Audit">Group shares per sensitive attribute and class counts.</param>
/// <param name="AuditOutcome">Findings, policy and decision.</param>
/// <param name="Evaluation">The end-of-run metrics on the holdout rows.</param>
/// <param name="Columns">The profiled columns.</param>
/// <param name="Fidelity">SDMetrics' numbers (<c>fidelity.sdmetrics</c>: unconditional, every column pair, synthetic
/// rows vs the real rows the model was fitted on) and, beside them, every labelled comparison (vs holdout, per class).</param>
public sealed record RunReport(
    int SchemaVersion,
    string RunId,
    string Dataset,
    string Trigger,
    ReportSource Source,
    ResolvedSpec Spec,
    ReportRows Rows,
    ReportModel Model,
    IReadOnlyList<StageTiming> Stages,
    FilterReport Filter,
    QualitySummary Quality,
    AuditSummary Audit,
    AuditOutcome AuditOutcome,
    RunEvaluation? Evaluation,
    IReadOnlyList<ColumnSummary> Columns,
    Augment.Evaluation.FidelitySummary? Fidelity = null)
{
    /// <summary>The schema version this build writes.</summary>
    public const int CurrentSchemaVersion = 2;
}

/// <summary>The dataset version the run read.</summary>
public sealed record ReportSource(string Container, string Blob, string? ETag, string? Spec);

/// <summary>Row counts.</summary>
/// <param name="Real">Rows in the uploaded CSV.</param>
/// <param name="Train">Real rows the generator learnt from (and that augmented.csv holds).</param>
/// <param name="Holdout">Real rows held out for evaluation.</param>
/// <param name="Sampled">Synthetic rows sampled.</param>
/// <param name="Synthetic">Synthetic rows kept after filtering.</param>
/// <param name="Augmented">Rows of augmented.csv (train + synthetic).</param>
public sealed record ReportRows(int Real, int Train, int Holdout, int Sampled, int Synthetic, int Augmented);

/// <summary>The generator that produced the rows.</summary>
/// <param name="Kind">Generator kind.</param>
/// <param name="Seed">Seed for split, training and sampling.</param>
/// <param name="TrainSeconds">Training time.</param>
public sealed record ReportModel(string Kind, int Seed, double TrainSeconds)
{
    /// <summary>Gets what ran the generator when sampling: ONNX Runtime on CUDA or the CPU, or our own code, and why.</summary>
    public SamplerInfo? Sampler { get; init; }
}
