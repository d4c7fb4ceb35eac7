using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Reports;

/// <summary>The content of <c>report.json</c>: what was run, on what, and what came out. Format version 1.</summary>
public sealed record RunReport(
    int FormatVersion,
    string RunId,
    string Dataset,
    string Trigger,
    ReportSource Source,
    ResolvedSpec Spec,
    ReportRows Rows,
    ReportModel Model,
    IReadOnlyList<StageTiming> Stages,
    QualitySummary Quality,
    AuditSummary Audit,
    IReadOnlyList<string> InvalidExamples,
    IReadOnlyList<ColumnSummary> Columns);

/// <summary>The dataset version the run read.</summary>
public sealed record ReportSource(string Container, string Blob, string? ETag, string? Spec);

/// <summary>Row counts at each step.</summary>
public sealed record ReportRows(int Real, int Train, int Holdout, int Sampled, int Invalid, int CopiesOfReal, int Synthetic, int Augmented);

/// <summary>The generator that produced the rows.</summary>
public sealed record ReportModel(string Kind, int Seed, double TrainSeconds);
