using Augment.Pipeline.Images;
using Augment.Pipeline.Orchestrations;

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

    private static FakeOrchestrationContext Context() =>
        new FakeOrchestrationContext(RunId, name: AugmentDatasetOrchestrator.Name)
            .OnActivity<ImageProfileInput, ImageProfile>(ImageActivityNames.Profile, _ => Profile)
            .OnActivity<ImageTrainInput, ImageTrainResult>(ImageActivityNames.Train, _ => new ImageTrainResult("work/model", 12, 200))
            .OnActivity<ImageSampleRequest, ImageSampleResult>(ImageActivityNames.Sample, r => new ImageSampleResult(r.Shard.Shard, r.Shard.PerClass.Sum(), $"shard-{r.Shard.Shard}")
            {
                // Shard 1 could not make a session and fell back to our own forward pass.
                Sampler = r.Shard.Shard == 0 ? new SamplerInfo(SamplerInfo.OnnxRuntime, "CPU", "CUDA unavailable (Cpu build): no provider") : new SamplerInfo(SamplerInfo.Own, "CPU", "fallback: no session"),
            })
            .OnActivity<ImageEvaluateInput, ImageEvaluateResult>(ImageActivityNames.Evaluate, i => new ImageEvaluateResult(i.Shards.Sum(s => s.Images), 1700, "no effect", "real + classic"))
            .OnActivity<ImageMergeInput, AugmentResult>(ImageActivityNames.Merge, i => new AugmentResult(i.RunId, i.Request.Dataset, 300, 240, 60, i.Evaluation.Kept, WorkArea.OutputContainer, []));
}
