namespace Augment.Pipeline.Images;

/// <summary>The image options of a run, from <c>augment.json</c>'s <c>images</c> object (defaults when absent).</summary>
/// <param name="Size">The side images are resized to (multiple of 4, 8–128; 28).</param>
/// <param name="Channels">1 (grey) or 3 (RGB).</param>
/// <param name="Add">Synthetic images per class: a number, or null for "balance" (each class topped up to the largest
/// class's count, and at least as many as it has real images).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="GeneratorSteps">Optimiser steps of the generator (1,500: the GAN's measured budget, src/Augment.Images/README.md#benchmark).</param>
/// <param name="ClassifierSteps">The most steps of each classifier the evaluation trains (1,000; early stopping).</param>
/// <param name="UtilitySeeds">Seeds per utility arm (3).</param>
/// <param name="LeastRealisticShare">The share of the remaining synthetic images dropped as least realistic (0.1).</param>
/// <param name="Audit">The labels.csv columns the bias audit covers (null: every attribute column).</param>
/// <param name="Generator">The class-conditional generator: <c>"gan"</c> (<see cref="Augment.Images.ConditionalGan"/>, the
/// default: on Fashion-MNIST its images score far better than the VAE's on every quality measure — FD, density, coverage,
/// intended label — at about twice the cost per step) or <c>"vae"</c> (<see cref="Augment.Images.ConditionalVae"/>).</param>
public sealed record ImageSpec(
    int Size = 28, int Channels = 1, int? Add = null, int Seed = 42, int GeneratorSteps = 1500, int ClassifierSteps = 1000, int UtilitySeeds = 3,
    double LeastRealisticShare = 0.1, string Generator = ImageSpec.Gan, IReadOnlyList<string>? Audit = null)
{
    /// <summary>The conditional VAE.</summary>
    public const string Vae = "vae";

    /// <summary>The DiffAugment conditional GAN.</summary>
    public const string Gan = "gan";

    /// <summary>What an audit finding (a widened accuracy gap) does to the run: <c>warn</c> (the default), <c>fail</c> or
    /// <c>await-approval</c>, from augment.json's top-level <c>audit.policy</c>, as for table runs.</summary>
    public string AuditPolicy { get; init; } = Spec.QualityPolicy.Warn;

    /// <summary>How long <c>await-approval</c> waits for an Approve or Reject event, in hours (<c>audit.approvalTimeoutHours</c>; 24).</summary>
    public double ApprovalTimeoutHours { get; init; } = Spec.QualityPolicy.DefaultApprovalTimeoutHours;

    /// <summary>The audit gate's policy for these options.</summary>
    internal Spec.QualityPolicy GatePolicy => Spec.QualityPolicy.Default with { AuditPolicy = AuditPolicy, ApprovalTimeoutHours = ApprovalTimeoutHours };
}

/// <summary>Input of ProfileImages.</summary>
public sealed record ImageProfileInput(string RunId, AugmentRequest Request);

/// <summary>What ProfileImages read and decided.</summary>
/// <param name="Spec">The resolved options.</param>
/// <param name="Classes">The class names, sorted.</param>
/// <param name="Images">Images in the archive.</param>
/// <param name="TrainCounts">Training images per class (the generator and classifiers learn from these).</param>
/// <param name="HoldoutCounts">Held-out images per class (evaluation only).</param>
/// <param name="AddCounts">Synthetic images to make per class.</param>
/// <param name="Audited">The labels.csv attributes the bias audit covers (empty without a labels.csv).</param>
public sealed record ImageProfile(
    ImageSpec Spec, IReadOnlyList<string> Classes, int Images, IReadOnlyList<int> TrainCounts, IReadOnlyList<int> HoldoutCounts, IReadOnlyList<int> AddCounts,
    IReadOnlyList<string>? Audited = null);

/// <summary>Input of TrainImages.</summary>
public sealed record ImageTrainInput(string RunId, ImageSpec Spec);

/// <summary>What TrainImages produced.</summary>
/// <param name="Model">The saved model's blob.</param>
/// <param name="Seconds">Training seconds.</param>
/// <param name="FinalLoss">The generator's own loss at the end (VAE: nats per image; GAN: discriminator hinge loss).</param>
/// <param name="Generator">Which generator was trained (<c>"vae"</c> or <c>"gan"</c>; runs started before the choice
/// existed replay as <c>"vae"</c>).</param>
public sealed record ImageTrainResult(string Model, double Seconds, double FinalLoss, string Generator = ImageSpec.Vae)
{
    /// <summary>Gets the generator's own loss every 100 steps, averaged over the steps since the point before (VAE: nats
    /// per image; GAN: discriminator hinge loss); null for runs trained before it was recorded.</summary>
    public IReadOnlyList<Augment.Images.CurvePoint>? LossCurve { get; init; }
}

/// <summary>Input of SampleImages: one shard's images per class.</summary>
public sealed record ImageSampleInput(string RunId, int Shard, IReadOnlyList<int> PerClass, long Seed);

/// <summary>One sampled shard.</summary>
public sealed record ImageSampleResult(int Shard, int Images, string Blob)
{
    /// <summary>Gets what ran the decoder: ONNX Runtime (CUDA or CPU) or our own forward pass, and why.</summary>
    public SamplerInfo? Sampler { get; init; }
}

/// <summary>Input of EvaluateImages.</summary>
public sealed record ImageEvaluateInput(string RunId, ImageSpec Spec, IReadOnlyList<ImageSampleResult> Shards);

/// <summary>What EvaluateImages kept and concluded (the full evaluation is in the work area).</summary>
public sealed record ImageEvaluateResult(int Sampled, int Kept, string Verdict, string Recommendation)
{
    /// <summary>What the audit gate acts on: a finding per attribute whose accuracy gap widened (<see cref="ImageBias.Findings"/>).</summary>
    public IReadOnlyList<Quality.AuditFinding> Findings { get; init; } = [];
}

/// <summary>EvaluateImages' progress at <c>work/{runId}/images/evaluate-progress.json</c>: which of its classifiers it is
/// training (the judge, then per seed the utility arms).</summary>
/// <param name="Classifier">The classifier being trained, from 1 (at the end: all of them).</param>
/// <param name="Classifiers">How many it trains in all (the judge's report counts the arms with synthetic images, which
/// are skipped when no synthetic image is kept).</param>
/// <param name="Training">What it is: <c>judge</c>, or the arm and seed (<c>real + classic + synthetic, seed 2</c>).</param>
/// <param name="ElapsedSeconds">Seconds since the evaluation started.</param>
/// <param name="Done">Whether the evaluation has finished.</param>
public sealed record ImageEvaluateProgress(int Classifier, int Classifiers, string Training, double ElapsedSeconds, bool Done);

/// <summary>Input of MergeImages.</summary>
public sealed record ImageMergeInput(string RunId, AugmentRequest Request, ImageProfile Profile, ImageTrainResult Train, ImageEvaluateResult Evaluation, IReadOnlyList<StageTiming> Stages)
{
    /// <summary>How the shards were sampled (<see cref="SamplerInfo.Summarize(IEnumerable{ValueTuple{int, SamplerInfo}})"/>), for the report.</summary>
    public SamplerInfo? Sampling { get; init; }

    /// <summary>What the audit gate decided (policy, findings, passed / warned / approved), for the report; null in runs from before the gate.</summary>
    public AuditOutcome? Audit { get; init; }
}
