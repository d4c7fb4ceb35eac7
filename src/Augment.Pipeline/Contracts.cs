using Augment.Data;
using Augment.Pipeline.Planning;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline;

/// <summary>Input of the AugmentDataset orchestration: which blob to augment, and why.</summary>
/// <param name="Dataset">Dataset name: the folder under <c>datasets/</c> (e.g. <c>adult</c>).</param>
/// <param name="Container">Container of the CSV.</param>
/// <param name="BlobName">Blob name of the CSV.</param>
/// <param name="ETag">The version to read; a changed blob fails the run instead of mixing versions. Null = latest.</param>
/// <param name="SpecBlobName">Blob name of augment.json in the same container, or null for defaults.</param>
/// <param name="Trigger">What started the run: upload, nightly, api or cli.</param>
public sealed record AugmentRequest(string Dataset, string Container, string BlobName, string? ETag, string? SpecBlobName, string Trigger)
{
    /// <summary>
    /// The run's W3C <c>traceparent</c>, set by <see cref="RunStarter"/>: every stage's span is its child (one trace per
    /// run, see <see cref="RunTelemetry"/>). Null in inputs from before telemetry, which still deserialize.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Why the upload that made this request is not accepted (e.g. a CSV at the root of <c>datasets/</c>), or null. A
    /// rejected upload still gets a run, which fails at once with this reason: the failure record users see in the API,
    /// the dashboard and the CLI, instead of a log line only.
    /// </summary>
    public string? Rejected { get; init; }

    /// <summary>How long (seconds) the run rides out a storage or network outage before a stage fails: its activity calls
    /// are retried on durable timers within this window (<c>Augment__StorageRetryWindowSeconds</c>; null: 35 s).</summary>
    public int? StorageRetryWindowSeconds { get; init; }
}

/// <summary>Output of a completed run.</summary>
public sealed record AugmentResult(
    string RunId,
    string Dataset,
    int RealRows,
    int TrainRows,
    int HoldoutRows,
    int SyntheticRows,
    string OutputContainer,
    IReadOnlyList<string> Outputs);

/// <summary>What the orchestration shows while it runs (its custom status).</summary>
/// <param name="Stage">Profiling, Training, Sampling, Filtering, Merging or Done.</param>
/// <param name="ShardsDone">Sampling shards finished.</param>
/// <param name="ShardsTotal">Sampling shards planned.</param>
/// <param name="Message">A human sentence about the stage.</param>
public sealed record RunProgress(string Stage, int ShardsDone, int ShardsTotal, string Message);

/// <summary>Input of the Profile activity.</summary>
public sealed record ProfileInput(string RunId, AugmentRequest Request);

/// <summary>A column as profiled: for the report.</summary>
public sealed record ColumnSummary(string Name, string Kind, int Missing, int Distinct)
{
    /// <summary>Gets the cells of a number or date column that were neither, read as missing (included in <see cref="Missing"/>).</summary>
    public int Invalid { get; init; }

    /// <summary>Gets the cells written another way (<c>$1,200</c>, a second date format) and rewritten in the column's form.</summary>
    public int Reformatted { get; init; }
}

/// <summary>What profiling found and decided.</summary>
public sealed record ProfileResult(
    int Rows,
    int TrainRows,
    int HoldoutRows,
    IReadOnlyList<ColumnSummary> Columns,
    ResolvedSpec Spec,
    IReadOnlyList<KeyValuePair<string, int>>? ClassCounts)
{
    /// <summary>Gets the identifier and withheld free-text columns set aside (not modelled; Merge restores the real rows'
    /// values and gives synthetic rows fresh identifiers or empty text), in column order.</summary>
    public IReadOnlyList<IdentifierColumn> Identifiers { get; init; } = [];
}

/// <summary>Input of the Train activity.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Model">A generator name of the catalog, or <c>auto</c>.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="Target">The class column, or null.</param>
/// <param name="Epochs">The most epochs / EM iterations, or null for the model's default.</param>
/// <param name="BatchSize">The minibatch size, or null for the model's default.</param>
/// <param name="TimeBudgetSeconds">The training time budget, or null.</param>
public sealed record TrainInput(string RunId, string Model, int Seed, string? Target, int? Epochs = null, int? BatchSize = null, int? TimeBudgetSeconds = null)
{
    /// <summary>The run's W3C <c>traceparent</c> (<see cref="RunTelemetry"/>); null when the run was scheduled without one.</summary>
    public string? TraceParent { get; init; }

    /// <summary>An image run's options: the job fits the image generator they name (<see cref="Model"/> is its name)
    /// on <c>work/{runId}/images/train.zip</c>, as TrainImages does; null for a table run.</summary>
    public Images.ImageSpec? Images { get; init; }
}

/// <summary>A trained model's blob and cost.</summary>
/// <param name="Model">The generator that was trained.</param>
/// <param name="ModelBlob">Where its model file is (<c>work/{runId}/model.json</c>).</param>
/// <param name="Seconds">Wall time of the fit.</param>
/// <param name="Metrics">What training measured (steps, final loss, why it stopped), when the model reports it.</param>
public sealed record TrainResult(string Model, string ModelBlob, double Seconds, Augment.Synthesis.TrainingMetrics? Metrics = null)
{
    /// <summary>Gets the rows the generator was fit on (the training rows, or their sample past limits.maxTrainingRows).</summary>
    public int FitRows { get; init; }
}

/// <summary>Training progress as the Train activity writes it to <c>work/{runId}/progress.json</c> while it trains
/// (about once a second, and once at the end): what a status endpoint shows while the orchestration waits for Train.</summary>
/// <param name="Model">The generator being trained.</param>
/// <param name="Step">Iterations or epochs done.</param>
/// <param name="TotalSteps">The most iterations or epochs.</param>
/// <param name="Unit"><c>iteration</c> or <c>epoch</c>.</param>
/// <param name="Loss">The latest loss (mixture: negative mean log-likelihood per row).</param>
/// <param name="ElapsedSeconds">Seconds since training started.</param>
/// <param name="EtaSeconds">Estimated seconds left, or null.</param>
/// <param name="Stage">What is being fitted.</param>
/// <param name="Done">Whether training has finished.</param>
public sealed record TrainingStatus(string Model, int Step, int TotalSteps, string Unit, double Loss, double ElapsedSeconds, double? EtaSeconds, string Stage, bool Done);

/// <summary>Input of one SampleShard activity.</summary>
public sealed record SampleShardInput(string RunId, ShardPlan Shard, int Seed, string? Target)
{
    /// <summary>The run's W3C <c>traceparent</c> (<see cref="RunTelemetry"/>); null when the run was scheduled without one.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>A written shard.</summary>
public sealed record SampleShardResult(int Index, int Rows, string Blob)
{
    /// <summary>What computed the generator's network for this shard (null from builds before it was recorded).</summary>
    public SamplerInfo? Sampler { get; init; }
}

/// <summary>Input of the FilterAndAudit activity.</summary>
public sealed record FilterInput(string RunId, IReadOnlyList<SampleShardResult> Shards, ResolvedSpec Spec)
{
    /// <summary>The run's W3C <c>traceparent</c> (<see cref="RunTelemetry"/>); null when the run was scheduled without one.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>What the filter did, and the quick quality and group-share summaries of the kept rows.</summary>
/// <param name="Filter">Counts per filter step.</param>
/// <param name="Quality">Column shapes of the kept rows against the training rows.</param>
/// <param name="Audit">Group shares of the kept rows.</param>
/// <param name="Seconds">Time the filter steps took.</param>
public sealed record FilterResult(FilterReport Filter, QualitySummary Quality, AuditSummary Audit, double Seconds)
{
    /// <summary>Rows sampled.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Sampled => Filter.Sampled;

    /// <summary>Rows kept.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Kept => Filter.Kept;
}

/// <summary>Input of the Evaluate activity.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Spec">The resolved spec.</param>
/// <param name="Audit">The group-share audit of the kept rows (findings are judged on it).</param>
public sealed record EvaluateInput(string RunId, ResolvedSpec Spec, AuditSummary Audit)
{
    /// <summary>The run's W3C <c>traceparent</c> (<see cref="RunTelemetry"/>); null when the run was scheduled without one.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>What the orchestration needs from the evaluation: the audit findings (the metrics stay in a blob).</summary>
/// <param name="Findings">Audit findings; empty = the audit passed.</param>
/// <param name="Seconds">Evaluation time.</param>
public sealed record EvaluateResult(IReadOnlyList<AuditFinding> Findings, double Seconds);

/// <summary>How the audit ended: the policy, the findings and what was decided.</summary>
/// <param name="Policy">warn, fail or await-approval.</param>
/// <param name="Findings">What the audit found.</param>
/// <param name="Decision"><c>passed</c> (no findings), <c>warned</c>, <c>approved</c> (by an Approve event).</param>
/// <param name="Reviewer">Who approved, when the Approve event said.</param>
/// <param name="Comment">The approver's comment, when given.</param>
public sealed record AuditOutcome(string Policy, IReadOnlyList<AuditFinding> Findings, string Decision, string? Reviewer, string? Comment);

/// <summary>The payload of an <c>Approve</c> or <c>Reject</c> event (both fields optional).</summary>
/// <param name="By">Who decided.</param>
/// <param name="Comment">Why.</param>
public sealed record ApprovalDecision(string? By, string? Comment);

/// <summary>Input of the Merge activity: everything the report needs.</summary>
public sealed record MergeInput(
    string RunId,
    AugmentRequest Request,
    ProfileResult Profile,
    TrainResult Train,
    FilterResult Filter,
    AuditOutcome AuditOutcome,
    IReadOnlyList<StageTiming> Stages)
{
    /// <summary>How the shards were sampled (<see cref="SamplerInfo.Summarize(IEnumerable{SampleShardResult})"/>), for the report.</summary>
    public SamplerInfo? Sampling { get; init; }
}

/// <summary>When a stage started and ended (orchestration time, replay-safe).</summary>
public sealed record StageTiming(string Stage, DateTime Started, DateTime Ended)
{
    /// <summary>Duration in seconds.</summary>
    public double Seconds => (Ended - Started).TotalSeconds;
}
