using Augment.Images;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Images;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;
using Augment.Pipeline.Tests.Orchestrations;
using Augment.Pipeline.Training;

namespace Augment.Pipeline.Tests.Images;

/// <summary>The image branch of the orchestration on a fake context: stage order, shard plan, status, failures.</summary>
public sealed class ImageOrchestrationTests
{
    private const string RunId = "fashion-0123456789abcdef";
    private static readonly AugmentRequest Request = new("fashion", WorkArea.DatasetsContainer, "fashion/images.zip", "\"0x1\"", null, "upload");
    private static readonly ImageProfile Profile = new(new ImageSpec(UtilitySeeds: 2), ["bag", "coat", "shirt"], 300, [80, 80, 80], [20, 20, 20], [1200, 80, 500]);

    [Fact]
    public void ZipUpload_RunsTheImageStagesInOrder_WithShardsOfAtMostAThousandImages()
    {
        var context = Context();

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        Assert.Equal(
            [ImageActivityNames.Profile, ImageActivityNames.Train, ImageActivityNames.Sample, ImageActivityNames.Sample, ImageActivityNames.Evaluate, ImageActivityNames.Merge],
            context.Calls.Select(c => c.Name));
        var shards = context.CallsTo(ImageActivityNames.Sample).Select(c => (ImageSampleRequest)c.Input!).ToList();
        Assert.Equal([1000, 0, 0], shards[0].Shard.PerClass);
        Assert.Equal([200, 80, 500], shards[1].Shard.PerClass);
        Assert.NotEqual(shards[0].Shard.Seed, shards[1].Shard.Seed);
        Assert.Equal(Profile.Classes, shards[1].Classes);

        var evaluate = (ImageEvaluateInput)context.CallsTo(ImageActivityNames.Evaluate).Single().Input!;
        Assert.Equal([0, 1], evaluate.Shards.Select(s => s.Shard));
        var merge = (ImageMergeInput)context.CallsTo(ImageActivityNames.Merge).Single().Input!;
        Assert.Equal(["Profile", "Train", "Sample", "Evaluate"], merge.Stages.Select(s => s.Stage));
        Assert.Equal(SamplerInfo.OnnxRuntime, merge.Sampling?.Engine);
        Assert.Equal("CUDA unavailable (Cpu build): no provider (1 of 2 shards; 1 of 2 shards: own (CPU), fallback: no session)", merge.Sampling?.Reason);
        Assert.Equal(1700, run.Result.SyntheticRows);
        Assert.Equal(["Profiling", "Training", "Sampling", "Sampling", "Sampling", "Evaluating", "Merging", "Done"], context.Statuses<RunProgress>().Select(s => s.Stage));
        Assert.Contains("training 9 classifiers", context.Statuses<RunProgress>().Single(s => s.Stage == "Evaluating").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvUpload_StillTakesTheTableStages()
    {
        var context = Context();
        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request with { BlobName = "fashion/data.csv" }, null));
        Assert.Equal(ActivityNames.Profile, context.Calls.First().Name);
        Assert.False(run.IsCompletedSuccessfully);
    }

    [Fact]
    public void FailedStage_FailsTheRunWithOneLineNamingTheStage()
    {
        var context = Context().FailActivity(ImageActivityNames.Profile, "class 'coat' has 2 image(s); every class needs at least 5 (4 to learn from, 1 held out).\n   at Somewhere()");

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));

        var error = Assert.IsType<AugmentationFailedException>(run.Exception?.InnerException);
        Assert.Equal("Profile failed: class 'coat' has 2 image(s); every class needs at least 5 (4 to learn from, 1 held out).", error.Message);
        Assert.Single(context.Calls);
    }

    [Fact]
    public void JobRunner_TrainsTheGeneratorAsATrainerJob_ShowsItsStepAndLoss_AndMergesItsModel()
    {
        var model = $"{WorkArea.WorkContainer}/{RunId}/images/generator.safetensors";
        var progress = new TrainingStatus("gan", 200, 1500, "step", 151.5, 30, 420, "class-conditional GAN on 240 images", false);
        var context = Context().WithTrainingJob(new TrainingJobReport(TrainingJobState.Running, progress, "training", null));

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }, new TrainingJobPolicy()));
        context.Advance(new TrainingJobPolicy().PollInterval);
        var training = Assert.IsType<RunProgress>(context.CustomStatus);
        context.RaiseEvent(TrainingEvents.Completed, new TrainingMetrics("gan", model, 240, 61.5, "cpu") { FinalLoss = 148.5, LossCurve = [new CurvePoint(100, 160.25), new CurvePoint(200, 151.5)] });

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        Assert.Equal("Training gan: step 200/1500, loss 151.5, elapsed 30 s, ETA 420 s", training.Message);
        Assert.Empty(context.CallsTo(ImageActivityNames.Train));
        var start = (TrainInput)Assert.Single(context.CallsTo(ActivityNames.StartTrainingJob)).Input!;
        Assert.Equal((RunId, "gan", 42, Profile.Spec with { ApprovalTimeoutHours = 2 }), (start.RunId, start.Model, start.Seed, start.Images));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", start.TraceParent);
        var merge = (ImageMergeInput)context.CallsTo(ImageActivityNames.Merge).Single().Input!;
        Assert.Equal(new ImageTrainResult(model, 61.5, 148.5, "gan"), merge.Train with { LossCurve = null });
        // The job's loss curve reaches the report as the in-process activity's would.
        Assert.Equal([new CurvePoint(100, 160.25), new CurvePoint(200, 151.5)], merge.Train.LossCurve!);
        Assert.Equal(["Profile", "Train", "Sample", "Evaluate"], merge.Stages.Select(s => s.Stage));
        Assert.Equal(2, context.CallsTo(ImageActivityNames.Sample).Count);
    }

    [Fact]
    public void JobRunner_TrainerFails_FailsTheRunAtTrainAndSamplesNothing()
    {
        var context = Context().WithTrainingJob(new TrainingJobReport(TrainingJobState.Running, null, "training", null));

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, new TrainingJobPolicy()));
        context.RaiseEvent(TrainingEvents.Failed, "work/fashion-0123456789abcdef/images/train.zip does not exist.");

        Assert.Equal("Train failed: work/fashion-0123456789abcdef/images/train.zip does not exist.", ScriptedPipeline.FailureOf(run));
        Assert.Empty(context.CallsTo(ImageActivityNames.Sample));
        Assert.Empty(context.CallsTo(ImageActivityNames.Merge));
    }

    [Theory]
    [InlineData(QualityPolicy.Warn)]
    [InlineData(QualityPolicy.Fail)]
    [InlineData(QualityPolicy.AwaitApproval)]
    public void AuditGate_NoWidenedGap_PublishesUnderEveryPolicy(string policy)
    {
        var context = Context(policy);

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        var merge = (ImageMergeInput)context.CallsTo(ImageActivityNames.Merge).Single().Input!;
        Assert.Equal(("passed", policy), (merge.Audit?.Decision, merge.Audit?.Policy));
        Assert.DoesNotContain(context.Statuses<RunProgress>(), s => s.Stage == AuditGate.AwaitingApprovalStage);
    }

    [Fact]
    public void AuditGate_WidenedGapUnderWarn_PublishesWithTheFindingInTheReport()
    {
        var context = Context(QualityPolicy.Warn, Widened);

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        var merge = (ImageMergeInput)context.CallsTo(ImageActivityNames.Merge).Single().Input!;
        Assert.Equal("warned", merge.Audit?.Decision);
        Assert.Equal([Widened], merge.Audit!.Findings);
    }

    [Fact]
    public void AuditGate_WidenedGapUnderFail_FailsBeforeMergeSoNothingIsPublished()
    {
        var context = Context(QualityPolicy.Fail, Widened);

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));

        Assert.Equal($"Audit failed (policy 'fail'): {Widened.Message}", ScriptedPipeline.FailureOf(run));
        Assert.Empty(context.CallsTo(ImageActivityNames.Merge));
        Assert.Single(context.CallsTo(ImageActivityNames.Evaluate));
    }

    [Fact]
    public void AuditGate_WidenedGapAwaitingApproval_WaitsThenPublishesOnApprove()
    {
        var context = Context(QualityPolicy.AwaitApproval, Widened);

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));
        Assert.False(run.IsCompleted);
        Assert.Empty(context.CallsTo(ImageActivityNames.Merge));
        var waiting = Assert.IsType<RunProgress>(context.CustomStatus);
        Assert.Equal(AuditGate.AwaitingApprovalStage, waiting.Stage);
        Assert.Contains(Widened.Message, waiting.Message, StringComparison.Ordinal);
        context.RaiseEvent(AuditGate.ApproveEvent, new ApprovalDecision("dana", "gap is within the site's tolerance"));

        Assert.True(run.IsCompletedSuccessfully, run.Exception?.ToString());
        var merge = (ImageMergeInput)context.CallsTo(ImageActivityNames.Merge).Single().Input!;
        Assert.Equal(("approved", "dana"), (merge.Audit?.Decision, merge.Audit?.Reviewer));
    }

    [Fact]
    public void AuditGate_WidenedGapAwaitingApproval_RejectOrTimeoutFailsWithoutPublishing()
    {
        var rejected = Context(QualityPolicy.AwaitApproval, Widened);
        var timedOut = Context(QualityPolicy.AwaitApproval, Widened);

        var first = rejected.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));
        rejected.RaiseEvent(AuditGate.RejectEvent, new ApprovalDecision("dana", "wider gap for faint ink"));
        var second = timedOut.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, null));
        timedOut.Advance(TimeSpan.FromHours(2));

        Assert.Equal($"Audit rejected by dana: wider gap for faint ink (findings: {Widened.Message})", ScriptedPipeline.FailureOf(first));
        Assert.Equal($"Audit approval timed out after 2 h with no Approve or Reject event (findings: {Widened.Message})", ScriptedPipeline.FailureOf(second));
        Assert.Empty(rejected.CallsTo(ImageActivityNames.Merge));
        Assert.Empty(timedOut.CallsTo(ImageActivityNames.Merge));
    }

    [Theory]
    [InlineData(new[] { 0, 0 }, 10, 0)]
    [InlineData(new[] { 10, 0, 5 }, 10, 2)]
    [InlineData(new[] { 25 }, 10, 3)]
    public void Plan_CoversEveryImageOnceInShardsOfAtMostTheLimit(int[] counts, int limit, int expectedShards)
    {
        var shards = ImageOrchestration.Plan(counts, limit);
        Assert.Equal(expectedShards, shards.Count);
        Assert.All(shards, s => Assert.InRange(s.Sum(), 1, limit));
        Assert.Equal(counts, Enumerable.Range(0, counts.Length).Select(c => shards.Sum(s => s[c])));
    }

    private static readonly AuditFinding Widened = new(ImageBias.GapCheck, "ink: synthetic images widened the classifier's accuracy gap between groups by +6.2 points");

    private static FakeOrchestrationContext Context(string auditPolicy = QualityPolicy.Warn, params AuditFinding[] findings) =>
        new FakeOrchestrationContext(RunId, name: AugmentDatasetOrchestrator.Name)
            .OnActivity<ImageProfileInput, ImageProfile>(ImageActivityNames.Profile, _ => Profile with { Spec = Profile.Spec with { AuditPolicy = auditPolicy, ApprovalTimeoutHours = 2 } })
            .OnActivity<ImageTrainInput, ImageTrainResult>(ImageActivityNames.Train, _ => new ImageTrainResult("work/model", 12, 200))
            .OnActivity<ImageSampleRequest, ImageSampleResult>(ImageActivityNames.Sample, r => new ImageSampleResult(r.Shard.Shard, r.Shard.PerClass.Sum(), $"shard-{r.Shard.Shard}")
            {
                // Shard 1 could not make a session and fell back to our own forward pass.
                Sampler = r.Shard.Shard == 0 ? new SamplerInfo(SamplerInfo.OnnxRuntime, "CPU", "CUDA unavailable (Cpu build): no provider") : new SamplerInfo(SamplerInfo.Own, "CPU", "fallback: no session"),
            })
            .OnActivity<ImageEvaluateInput, ImageEvaluateResult>(ImageActivityNames.Evaluate, i => new ImageEvaluateResult(i.Shards.Sum(s => s.Images), 1700, "no effect", "real + classic") { Findings = findings })
            .OnActivity<ImageMergeInput, AugmentResult>(ImageActivityNames.Merge, i => new AugmentResult(i.RunId, i.Request.Dataset, 300, 240, 60, i.Evaluation.Kept, WorkArea.OutputContainer, []));
}
