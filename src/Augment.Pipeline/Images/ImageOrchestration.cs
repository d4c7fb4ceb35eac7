using Augment.Pipeline.Orchestrations;
using Microsoft.DurableTask;

namespace Augment.Pipeline.Images;

/// <summary>
/// The image branch of the AugmentDataset orchestration (an upload of <c>{dataset}/images.zip</c>): ProfileImages →
/// TrainImages (or a trainer job) → SampleImages × N (in parallel, at most <see cref="ImageActivities.ShardImages"/> images each) →
/// EvaluateImages → audit gate on the bias findings (<see cref="AuditGate"/>: warn, fail, or wait for approval) → MergeImages. It runs inside the same orchestration instance, so the API, dashboard, CLI and
/// Azure's tooling list and steer image runs like table runs. Deterministic: no clock, no randomness but the spec's
/// seed.
/// </summary>
public static class ImageOrchestration
{
    /// <summary>Runs the image stages. With a <paramref name="trainingJobs"/> policy the generator is trained as a separate
    /// trainer execution through the host's job runner (<see cref="TrainingJobStep"/>, live step/loss/ETA in the custom
    /// status); without one, by the TrainImages activity. Both write the same model where SampleImages reads it.</summary>
    public static async Task<AugmentResult> RunAsync(TaskOrchestrationContext context, AugmentRequest request, List<StageTiming> stages, TaskOptions retry, TrainingJobPolicy? trainingJobs = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var runId = context.InstanceId;
        context.SetCustomStatus(new RunProgress("Profiling", 0, 0, $"Reading the images in {request.BlobName}"));
        var profile = await AugmentDatasetOrchestrator.StageAsync(context, stages, "Profile", () =>
            context.CallActivityAsync<ImageProfile>(ImageActivityNames.Profile, new ImageProfileInput(runId, request), retry));
        var spec = profile.Spec;

        context.SetCustomStatus(new RunProgress("Training", 0, 0,
            $"Training a class-conditional {spec.Generator.ToUpperInvariant()} on {profile.TrainCounts.Sum()} images in {profile.Classes.Count} classes ({spec.GeneratorSteps} steps); progress in {WorkArea.WorkContainer}/{WorkArea.Progress(runId)}"));
        var train = await AugmentDatasetOrchestrator.StageAsync(context, stages, "Train", () => trainingJobs is null
            ? context.CallActivityAsync<ImageTrainResult>(ImageActivityNames.Train, new ImageTrainInput(runId, spec), retry)
            : TrainAsJobAsync(context, spec, request.TraceParent, trainingJobs, retry));

        var shards = Plan(profile.AddCounts, ImageActivities.ShardImages);
        var sampled = await AugmentDatasetOrchestrator.StageAsync(context, stages, "Sample", async () =>
        {
            context.SetCustomStatus(new RunProgress("Sampling", 0, shards.Count, $"Drawing {profile.AddCounts.Sum()} images in {shards.Count} parallel shards"));
            var tasks = shards.Select((perClass, i) => context.CallActivityAsync<ImageSampleResult>(ImageActivityNames.Sample,
                new ImageSampleRequest(new ImageSampleInput(runId, i, perClass, ((long)spec.Seed * 1_000_003) + i), spec, profile.Classes), retry)).ToList();
            var pending = new List<Task<ImageSampleResult>>(tasks);
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending);
                pending.Remove(done);
                await done;
                context.SetCustomStatus(new RunProgress("Sampling", tasks.Count - pending.Count, shards.Count, $"Sampled {tasks.Count - pending.Count} of {shards.Count} shards"));
            }

            return (IReadOnlyList<ImageSampleResult>)await Task.WhenAll(tasks);
        });

        context.SetCustomStatus(new RunProgress("Evaluating", shards.Count, shards.Count,
            $"Filtering {sampled.Sum(s => s.Images)} images and training {ImageEvaluator.Classifiers(spec, synthetic: true)} classifiers to measure them against {profile.HoldoutCounts.Sum()} held-out images; progress in {WorkArea.WorkContainer}/{ImageActivities.EvaluateProgress(runId)}"));
        var evaluation = await AugmentDatasetOrchestrator.StageAsync(context, stages, "Evaluate", () =>
            context.CallActivityAsync<ImageEvaluateResult>(ImageActivityNames.Evaluate, new ImageEvaluateInput(runId, spec, sampled), retry));

        // The same gate as table runs, on the bias findings (a widened accuracy gap): warn, fail before Merge, or wait.
        var outcome = await AuditGate.DecideAsync(context, spec.GatePolicy, evaluation.Findings ?? [], shards.Count);

        context.SetCustomStatus(new RunProgress("Merging", shards.Count, shards.Count, "Publishing synthetic/, augmented.zip, report.html and report.json"));
        var mergeInput = new ImageMergeInput(runId, request, profile, train, evaluation, [.. stages])
        {
            Sampling = SamplerInfo.Summarize(sampled.Select(s => (s.Shard, s.Sampler))),
            Audit = outcome,
        };
        var result = await AugmentDatasetOrchestrator.StageAsync(context, stages, "Merge", () =>
            context.CallActivityAsync<AugmentResult>(ImageActivityNames.Merge, mergeInput, retry));
        context.SetCustomStatus(new RunProgress("Done", shards.Count, shards.Count, $"{result.SyntheticRows} synthetic images added to {result.RealRows} real images"));
        return result;
    }

    /// <summary>TrainImages as a trainer job: the job spec carries the image options, the trainer runs the same code as the
    /// activity, and its metrics map onto the activity's result.</summary>
    private static async Task<ImageTrainResult> TrainAsJobAsync(TaskOrchestrationContext context, ImageSpec spec, string? traceParent, TrainingJobPolicy policy, TaskOptions retry)
    {
        var input = new TrainInput(context.InstanceId, spec.Generator, spec.Seed, null) { Images = spec, TraceParent = traceParent };
        var metrics = await TrainingJobStep.RunJobAsync(context, input, policy, retry);
        return new ImageTrainResult(metrics.ModelBlob, metrics.Seconds, metrics.FinalLoss ?? double.NaN, spec.Generator) { LossCurve = metrics.LossCurve };
    }

    /// <summary>Splits the per-class counts into shards of at most <paramref name="shardImages"/> images, class by class.</summary>
    internal static List<int[]> Plan(IReadOnlyList<int> addCounts, int shardImages)
    {
        var shards = new List<int[]>();
        var current = new int[addCounts.Count];
        var filled = 0;
        for (var c = 0; c < addCounts.Count; c++)
        {
            var left = addCounts[c];
            while (left > 0)
            {
                var take = Math.Min(left, shardImages - filled);
                current[c] += take;
                filled += take;
                left -= take;
                if (filled == shardImages)
                {
                    shards.Add(current);
                    current = new int[addCounts.Count];
                    filled = 0;
                }
            }
        }

        if (filled > 0)
        {
            shards.Add(current);
        }

        return shards;
    }
}

/// <summary>The registered names of the image activities.</summary>
public static class ImageActivityNames
{
    public const string Profile = "ProfileImages";
    public const string Train = "TrainImages";
    public const string Sample = "SampleImages";
    public const string Evaluate = "EvaluateImages";
    public const string Merge = "MergeImages";
}

/// <summary>Input of SampleImages: the shard and what the sampler needs from the profile.</summary>
public sealed record ImageSampleRequest(ImageSampleInput Shard, ImageSpec Spec, IReadOnlyList<string> Classes);
