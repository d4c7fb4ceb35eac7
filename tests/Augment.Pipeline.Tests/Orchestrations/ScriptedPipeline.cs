using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;
using Augment.Pipeline.Training;

namespace Augment.Pipeline.Tests.Orchestrations;

/// <summary>
/// Every activity of the AugmentDataset orchestration scripted on a <see cref="FakeOrchestrationContext"/> with
/// plausible results: 1,000 rows (800 train, 200 holdout), target <c>label</c> with classes no 600 / yes 200 /
/// maybe 450, <c>rows: balance</c> and shards of 150 rows, which plans 4 shards (yes 150 + 150 + 100, maybe 150).
/// </summary>
internal static class ScriptedPipeline
{
    public const string RunId = "adult-0123456789abcdef";

    public static AugmentRequest Request { get; } = new("adult", WorkArea.DatasetsContainer, "adult/data.csv", "\"0x8DC\"", "adult/augment.json", "upload");

    public static ResolvedSpec SpecWith(string policy = QualityPolicy.Warn, double approvalHours = 24, int? timeBudgetSeconds = null) =>
        new("label", ["sex"], RowsRequest.BalanceClasses, "gaussian-copula", 42, 0.2, 150, [], TimeBudgetSeconds: timeBudgetSeconds)
        {
            Quality = QualityPolicy.Default with { AuditPolicy = policy, ApprovalTimeoutHours = approvalHours },
        };

    public static IReadOnlyList<KeyValuePair<string, int>> ClassCounts { get; } =
        [new("no", 600), new("yes", 200), new("maybe", 450)];

    public static AuditFinding ShareFinding { get; } = new("group-share", "sex = Female: share moved from 33.0% (real) to 41.0% (augmented), more than the 5.0% allowed");

    public static AuditFinding ParityFinding { get; } = new("parity", "sex: demographic parity difference grew from 0.19 (real) to 0.3 (augmented), more than the 0.05 allowed");

    public static TrainResult Trained { get; } = new("gaussian-copula", $"{WorkArea.WorkContainer}/{WorkArea.Model(RunId)}", 1.5);

    public static FilterResult Filtered { get; } = new(
        new FilterReport(550, 500, [new FilterStep(FilterSteps.Duplicates, 550, 50, "exact repeats", [])], [], null, "off"),
        new QualitySummary(0.91, [new ColumnScore("age", "KSComplement", 0.9, 0, 0)]),
        new AuditSummary([new AttributeAudit("sex", [new GroupShare("Female", 0.33, 0.5, 0.41)], 0.08)], ClassCounts, ClassCounts),
        0.4);

    /// <summary>A context for <see cref="RunId"/> with every activity scripted; <paramref name="findings"/> is what Evaluate returns.</summary>
    public static FakeOrchestrationContext Context(ResolvedSpec? spec = null, IReadOnlyList<AuditFinding>? findings = null)
    {
        spec ??= SpecWith();
        var context = new FakeOrchestrationContext(RunId, name: AugmentDatasetOrchestrator.Name);
        context
            .OnActivity<ProfileInput, ProfileResult>(ActivityNames.Profile, _ => new ProfileResult(1000, 800, 200,
                [new ColumnSummary("age", "Numeric", 0, 70), new ColumnSummary("sex", "Categorical", 0, 2), new ColumnSummary("label", "Categorical", 0, 3)],
                spec, ClassCounts))
            .OnActivity<TrainInput, TrainResult>(ActivityNames.Train, _ => Trained)
            .OnActivity<SampleShardInput, SampleShardResult>(ActivityNames.SampleShard, input =>
                new SampleShardResult(input.Shard.Index, input.Shard.Rows, WorkArea.Shard(input.RunId, input.Shard.Index)))
            .OnActivity<FilterInput, FilterResult>(ActivityNames.FilterAndAudit, _ => Filtered)
            .OnActivity<EvaluateInput, EvaluateResult>(ActivityNames.Evaluate, _ => new EvaluateResult(findings ?? [], 2.5))
            .OnActivity<MergeInput, AugmentResult>(ActivityNames.Merge, input => new AugmentResult(input.RunId, input.Request.Dataset, 1000, 800, 200, input.Filter.Kept,
                WorkArea.OutputContainer, [.. WorkArea.OutputFiles.Select(f => WorkArea.OutputPrefix(input.Request.Dataset, input.RunId) + f)]));
        return context;
    }

    /// <summary>Scripts the training-job activities: a local handle, the polls' reports in order (the last repeats), and Stop.</summary>
    public static FakeOrchestrationContext WithTrainingJob(this FakeOrchestrationContext context, params TrainingJobReport[] reports)
    {
        var polls = 0;
        var starts = 0;
        return context
            .OnActivity<TrainInput, TrainingJobHandle>(ActivityNames.StartTrainingJob, _ => new TrainingJobHandle(LocalProcessRunner.Kind, $"pid-{++starts}", null, "cpu"))
            .OnActivity<TrainingJobPoll, TrainingJobReport>(ActivityNames.GetTrainingJobStatus, _ => reports[Math.Min(polls++, reports.Length - 1)])
            .OnActivity<TrainingJobPoll, bool>(ActivityNames.StopTrainingJob, _ => true);
    }

    /// <summary>The one-line reason a finished orchestration task failed with.</summary>
    public static string FailureOf(Task task)
    {
        Assert.True(task.IsFaulted, $"the orchestration did not fail (status {task.Status})");
        var error = Assert.IsType<AugmentationFailedException>(task.Exception!.InnerException);
        return error.Message;
    }
}
