using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Planning;
using Augment.Pipeline.Spec;
using Augment.Pipeline.Training;
using static Augment.Pipeline.Tests.Orchestrations.ScriptedPipeline;

namespace Augment.Pipeline.Tests.Orchestrations;

/// <summary>The AugmentDataset orchestrator on a fake context: which activities it calls, with what, in which order,
/// what it shows in its custom status, and how a failed stage fails the run.</summary>
public sealed class AugmentDatasetOrchestratorTests
{
    private static readonly string[] Activities =
    [
        ActivityNames.Profile, ActivityNames.Train, ActivityNames.SampleShard, ActivityNames.SampleShard, ActivityNames.SampleShard,
        ActivityNames.SampleShard, ActivityNames.FilterAndAudit, ActivityNames.Evaluate, ActivityNames.Merge,
    ];

    private static Task<AugmentResult> Run(FakeOrchestrationContext context, TrainingJobPolicy? jobs = null) =>
        context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, jobs));

    [Fact]
    public void RunAsync_HappyPath_CallsEveryStageInOrderWithOneSampleShardPerPlannedShard()
    {
        var context = Context();

        var run = Run(context);

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        Assert.Equal(Activities, context.Calls.Select(c => c.Name));
        Assert.All(context.Calls, c => Assert.Equal(1, c.Attempt));
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void RunAsync_RejectedUpload_FailsAtOnceWithTheReasonAndCallsNothing()
    {
        var context = Context();

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request with { BlobName = "loose.csv", Rejected = "it is not a dataset CSV ({dataset}/{file}.csv)" }, null));

        var error = Assert.IsType<AugmentationFailedException>(run.Exception?.InnerException);
        Assert.Equal("Upload failed: datasets/loose.csv starts no run: it is not a dataset CSV ({dataset}/{file}.csv).", error.Message);
        Assert.Empty(context.Calls);
    }

    [Fact]
    public void RunAsync_HappyPath_PassesEachStageTheRightInput()
    {
        var context = Context();

        var result = Run(context).Result;

        Assert.Equal(new ProfileInput(RunId, Request), context.CallsTo(ActivityNames.Profile).Single().Input);
        Assert.Equal(new TrainInput(RunId, "gaussian-copula", 42, "label"), context.CallsTo(ActivityNames.Train).Single().Input);

        // Balance lifts yes (200) and maybe (450) to no's 600: 400 + 150 rows in shards of at most 150.
        var expected = ShardPlanner.Plan(ShardPlanner.Allocate(RowsRequest.BalanceClasses, 800, ClassCounts), 150);
        Assert.Equal([new ShardPlan(0, 150, "yes"), new ShardPlan(1, 150, "yes"), new ShardPlan(2, 100, "yes"), new ShardPlan(3, 150, "maybe")], expected);
        Assert.Equal(
            expected.Select(s => new SampleShardInput(RunId, s, WorkArea.ShardSeed(42, s.Index), "label")),
            context.CallsTo(ActivityNames.SampleShard).Select(c => c.Input));

        var filter = Assert.IsType<FilterInput>(context.CallsTo(ActivityNames.FilterAndAudit).Single().Input);
        Assert.Equal(RunId, filter.RunId);
        Assert.Equal(expected.Select(s => new SampleShardResult(s.Index, s.Rows, WorkArea.Shard(RunId, s.Index))), filter.Shards);
        Assert.Equal("label", filter.Spec.Target);

        var evaluate = Assert.IsType<EvaluateInput>(context.CallsTo(ActivityNames.Evaluate).Single().Input);
        Assert.Equal(RunId, evaluate.RunId);
        Assert.Equal("sex", Assert.Single(evaluate.Audit.Attributes).Attribute);

        var merge = Assert.IsType<MergeInput>(context.CallsTo(ActivityNames.Merge).Single().Input);
        Assert.Equal(RunId, merge.RunId);
        Assert.Equal(Request, merge.Request);
        Assert.Equal(800, merge.Profile.TrainRows);
        Assert.Equal(Trained, merge.Train);
        Assert.Equal(500, merge.Filter.Kept);
        Assert.Equal(("warn", "passed"), (merge.AuditOutcome.Policy, merge.AuditOutcome.Decision));
        Assert.Empty(merge.AuditOutcome.Findings);
        // The report lists the stages finished before Merge (Merge writes it), in orchestration time.
        Assert.Equal(["Profile", "Train", "Sample", "FilterAndAudit", "Evaluate"], merge.Stages.Select(s => s.Stage));
        Assert.All(merge.Stages, s => Assert.Equal(context.CurrentUtcDateTime, s.Started));

        Assert.Equal(RunId, result.RunId);
        Assert.Equal(500, result.SyntheticRows);
        Assert.Equal($"adult/{RunId}/report.json", result.Outputs[^1]);
    }

    [Fact]
    public void RunAsync_HappyPath_ReportsEachStageAndShardProgressInTheCustomStatus()
    {
        var context = Context();

        Run(context).Wait();

        var statuses = context.Statuses<RunProgress>();
        Assert.Equal(context.CustomStatuses.Count, statuses.Count);
        Assert.Equal(
            ["Profiling", "Training", "Sampling", "Sampling", "Sampling", "Sampling", "Sampling", "Filtering", "Evaluating", "Merging", "Done"],
            statuses.Select(s => s.Stage));
        Assert.Equal("Reading adult/data.csv and inferring its schema", statuses[0].Message);
        Assert.StartsWith("Fitting gaussian-copula on 800 rows", statuses[1].Message, StringComparison.Ordinal);
        var sampling = statuses.Where(s => s.Stage == "Sampling").ToList();
        Assert.Equal([0, 1, 2, 3, 4], sampling.Select(s => s.ShardsDone));
        Assert.All(sampling, s => Assert.Equal(4, s.ShardsTotal));
        Assert.Equal("Sampling 550 rows in 4 parallel shards", sampling[0].Message);
        Assert.Equal("Sampled 4 of 4 shards", sampling[^1].Message);
        Assert.Equal("Measuring 500 synthetic rows against 200 held-out real rows", statuses[8].Message);
        Assert.Equal(new RunProgress("Done", 4, 4, "500 synthetic rows added to 800 real rows"), context.CustomStatus);
    }

    [Fact]
    public void RunAsync_TrainingJobPolicy_TrainsThroughTheTrainerJobInsteadOfTheTrainActivity()
    {
        var metrics = new TrainingMetrics("gaussian-copula", $"{WorkArea.WorkContainer}/{WorkArea.Model(RunId)}", 800, 3.25, "cpu");
        var context = Context().WithTrainingJob(new TrainingJobReport(TrainingJobState.Succeeded, null, "done", null) { Result = metrics });

        var run = Run(context, new TrainingJobPolicy());
        Assert.False(run.IsCompleted);
        context.Advance(TimeSpan.FromSeconds(5));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        Assert.Empty(context.CallsTo(ActivityNames.Train));
        Assert.Equal(new TrainInput(RunId, "gaussian-copula", 42, "label"), context.CallsTo(ActivityNames.StartTrainingJob).Single().Input);
        var merge = Assert.IsType<MergeInput>(context.CallsTo(ActivityNames.Merge).Single().Input);
        Assert.Equal(new TrainResult("gaussian-copula", metrics.ModelBlob, 3.25), merge.Train);
        Assert.Equal(TimeSpan.FromSeconds(5), merge.Stages.Single(s => s.Stage == "Train").Ended - merge.Stages.Single(s => s.Stage == "Train").Started);
    }

    [Theory]
    [InlineData(ActivityNames.Profile, "Profile")]
    [InlineData(ActivityNames.Train, "Train")]
    [InlineData(ActivityNames.SampleShard, "Sample")]
    [InlineData(ActivityNames.FilterAndAudit, "FilterAndAudit")]
    [InlineData(ActivityNames.Evaluate, "Evaluate")]
    [InlineData(ActivityNames.Merge, "Merge")]
    public void RunAsync_StageFails_FailsTheRunWithOneLineNamingTheStageAndTheReason(string activity, string stage)
    {
        var context = Context().FailActivity(activity, "column 'age' holds 'abc' on row 17\n   at Augment.Data.CsvTable.Read()", "System.IO.InvalidDataException");

        var reason = FailureOf(Run(context));

        Assert.Equal($"{stage} failed: column 'age' holds 'abc' on row 17", reason);
        Assert.DoesNotContain("Exception", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", reason, StringComparison.Ordinal);
        Assert.Equal(activity, context.Calls[^1].Name); // nothing runs after the failed stage
        Assert.Equal(activity == ActivityNames.Merge ? 1 : 0, context.CallsTo(ActivityNames.Merge).Count);
    }

    [Fact]
    public void RunAsync_ActivityThrows_TheReasonIsTheExceptionsMessageWithoutItsType()
    {
        var context = Context().OnActivity<ProfileInput, ProfileResult>(ActivityNames.Profile, _ =>
            throw new InvalidDataException("adult/data.csv changed while the run read it (ETag \"0x8DC\" expected)"));

        Assert.Equal("Profile failed: adult/data.csv changed while the run read it (ETag \"0x8DC\" expected)", FailureOf(Run(context)));
    }

    [Fact]
    public void RunAsync_StorageUnreachableOnce_RetriesTheStageOnADurableTimerAndCompletes()
    {
        var calls = 0;
        var context = Context();
        context.OnActivity<ProfileInput, ProfileResult>(ActivityNames.Profile, _ => ++calls == 1
            ? throw new HttpRequestException("Connection refused (127.0.0.1:10000)")
            : new ProfileResult(1000, 800, 200,
                [new ColumnSummary("age", "Numeric", 0, 70), new ColumnSummary("sex", "Categorical", 0, 2), new ColumnSummary("label", "Categorical", 0, 3)],
                SpecWith(), ClassCounts));

        var run = Run(context);
        Assert.False(run.IsCompleted); // waiting on the retry timer, not failed
        context.Advance(TimeSpan.FromSeconds(5));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        Assert.Equal([1, 2], context.CallsTo(ActivityNames.Profile).Select(c => c.Attempt));
    }

    [Theory]
    [InlineData(null, 4)]
    [InlineData(120, 7)]
    public void RunAsync_StorageDownLongerThanTheWindow_FailsAfterTheWindowsAttempts(int? window, int attempts)
    {
        var context = Context().OnActivity<ProfileInput, ProfileResult>(ActivityNames.Profile, _ => throw new HttpRequestException("Connection refused (127.0.0.1:10000)"));

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request with { StorageRetryWindowSeconds = window }, null));
        for (var i = 0; i < 20 && !run.IsCompleted; i++)
        {
            context.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.StartsWith("Profile failed: ", FailureOf(run), StringComparison.Ordinal);
        Assert.Equal(attempts, context.CallsTo(ActivityNames.Profile).Count);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(5, 2)]
    [InlineData(15, 3)]
    [InlineData(35, 4)]
    [InlineData(120, 7)]
    [InlineData(3600, 123)]
    public void Attempts_WaitsOf5And10And20Then30_CoverTheWindow(int window, int attempts) =>
        Assert.Equal(attempts, TransientRetry.Attempts(window));

    [Fact]
    public void RunAsync_BadInput_IsNotRetried()
    {
        var context = Context().OnActivity<ProfileInput, ProfileResult>(ActivityNames.Profile, _ => throw new InvalidDataException("data.csv has 3 data rows"));

        Assert.Equal("Profile failed: data.csv has 3 data rows", FailureOf(Run(context)));
        Assert.Single(context.CallsTo(ActivityNames.Profile));
    }

    [Fact]
    public void RunAsync_OneShardFails_FailsAtSampleAndRunsNoLaterStage()
    {
        var context = Context().OnActivity<SampleShardInput, SampleShardResult>(ActivityNames.SampleShard, input =>
            input.Shard.Index == 2 ? throw new IOException("the model blob is gone") : new SampleShardResult(input.Shard.Index, input.Shard.Rows, "x"));

        Assert.Equal("Sample failed: the model blob is gone", FailureOf(Run(context)));
        Assert.Equal(4, context.CallsTo(ActivityNames.SampleShard).Count); // all four were scheduled in parallel first
        Assert.Empty(context.CallsTo(ActivityNames.FilterAndAudit));
    }

    [Fact]
    public void RunAsync_FailPolicyWithFindings_FailsBeforeMerge()
    {
        var context = Context(SpecWith(QualityPolicy.Fail), [ShareFinding, ParityFinding]);

        Assert.Equal($"Audit failed (policy 'fail'): {ShareFinding.Message} (and 1 more finding(s))", FailureOf(Run(context)));
        Assert.Empty(context.CallsTo(ActivityNames.Merge));
    }

    [Fact]
    public void RunAsync_AwaitApprovalThenApprove_MergesWithTheDecision()
    {
        var context = Context(SpecWith(QualityPolicy.AwaitApproval, approvalHours: 2), [ShareFinding]);

        var run = Run(context);
        Assert.False(run.IsCompleted);
        Assert.Equal(AuditGate.AwaitingApprovalStage, Assert.IsType<RunProgress>(context.CustomStatus).Stage);
        Assert.Empty(context.CallsTo(ActivityNames.Merge));

        context.Advance(TimeSpan.FromMinutes(30));
        context.RaiseEvent(AuditGate.ApproveEvent, new ApprovalDecision("alice", "fine for this use"));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        var merge = Assert.IsType<MergeInput>(context.CallsTo(ActivityNames.Merge).Single().Input);
        Assert.Equal(new AuditOutcome(QualityPolicy.AwaitApproval, merge.AuditOutcome.Findings, "approved", "alice", "fine for this use"), merge.AuditOutcome);
        Assert.Equal(ShareFinding, Assert.Single(merge.AuditOutcome.Findings));
        Assert.Equal(context.CurrentUtcDateTime, context.CallsTo(ActivityNames.Merge).Single().At);
    }
}
