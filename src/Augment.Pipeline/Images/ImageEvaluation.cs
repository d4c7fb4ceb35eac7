namespace Augment.Pipeline.Images;

/// <summary>Everything EvaluateImages measured; written to the work area and into report.json.</summary>
/// <param name="Sampled">Synthetic images drawn.</param>
/// <param name="Kept">Synthetic images kept after the filters.</param>
/// <param name="Filters">Each filter in order: images in, dropped, why.</param>
/// <param name="Overall">Quality of the kept images against the held-out real images, all classes.</param>
/// <param name="PerClass">The same per class.</param>
/// <param name="Memorisation">Distances from synthetic images to the training images.</param>
/// <param name="Utility">The classifier arms and the verdict.</param>
/// <param name="Seconds">Wall seconds the evaluation took.</param>
public sealed record ImageEvaluation(
    int Sampled, int Kept, IReadOnlyList<ImageFilterStep> Filters, ImageQuality Overall, IReadOnlyList<ImageClassQuality> PerClass,
    ImageMemorisation Memorisation, ImageUtility Utility, double Seconds)
{
    /// <summary>Gets the bias audit of every audited labels.csv attribute (empty without a labels.csv).</summary>
    public IReadOnlyList<ImageBiasAudit> Bias { get; init; } = [];
}

/// <summary>One filter step.</summary>
public sealed record ImageFilterStep(string Step, int Before, int Dropped, string Why);

/// <summary>Image quality in the feature space of the CNN trained on the real training images (the "judge").</summary>
/// <param name="Images">Synthetic images measured.</param>
/// <param name="FrechetDistance">FD between the synthetic and the held-out real images' features.</param>
/// <param name="FrechetDistanceRealFloor">FD between the real training and held-out images (what real images score).</param>
/// <param name="Precision">PRDC precision (k = 5).</param>
/// <param name="Recall">PRDC recall.</param>
/// <param name="Density">PRDC density (≈ 1 for real images).</param>
/// <param name="Coverage">PRDC coverage (≈ 0.97 for real images).</param>
/// <param name="IntendedLabelAccuracy">Share of the sampled images (before filtering) the judge assigns to the class they were drawn for.</param>
public sealed record ImageQuality(
    int Images, double FrechetDistance, double FrechetDistanceRealFloor, double Precision, double Recall, double Density, double Coverage, double IntendedLabelAccuracy)
{
    /// <summary>Gets the kernel inception distance (KID: unbiased MMD² with the cubic polynomial kernel, averaged over
    /// seeded subsets) between the synthetic and the held-out images' features; lower is closer, ≈ 0 for two draws of
    /// one distribution, and unlike FD without a bias that grows as sets shrink. NaN in reports written before it was measured.</summary>
    public double KernelDistance { get; init; } = double.NaN;

    /// <summary>Gets the same between the real training and held-out images (what real images score).</summary>
    public double KernelDistanceRealFloor { get; init; } = double.NaN;
}

/// <summary>Quality of one class.</summary>
public sealed record ImageClassQuality(string Class, ImageQuality Quality);

/// <summary>How close synthetic images come to training images (pixel space, Euclidean).</summary>
/// <param name="HoldoutP1">The 1st percentile of held-out-to-training distances: closer than this is a near-copy.</param>
/// <param name="MinDistance">The smallest synthetic-to-training distance among the kept images.</param>
/// <param name="NearCopiesDropped">Sampled images closer than <paramref name="HoldoutP1"/>, dropped.</param>
/// <param name="ClosestPairs">The kept images closest to a training image: kept index, training file, distance.</param>
public sealed record ImageMemorisation(double HoldoutP1, double MinDistance, int NearCopiesDropped, IReadOnlyList<ImagePair> ClosestPairs);

/// <summary>A kept synthetic image and its nearest training image.</summary>
public sealed record ImagePair(int Synthetic, int Train, string TrainName, double Distance);

/// <summary>The utility arms (CNN accuracy on the held-out real images, one value per seed) and the verdict.</summary>
/// <param name="Arms">Each arm's accuracies.</param>
/// <param name="LiftPoints">Mean of (real + classic + synthetic) − (real + classic), in accuracy points, paired by seed.</param>
/// <param name="CiLow">The 95 % Student-t interval's low end over seeds.</param>
/// <param name="CiHigh">Its high end.</param>
/// <param name="Verdict">helped, no effect, hurt, or not measured (with the reason in <paramref name="Note"/>).</param>
/// <param name="Recommendation">The arm to ship.</param>
/// <param name="Note">One sentence on how the verdict and recommendation were reached.</param>
public sealed record ImageUtility(IReadOnlyList<ImageArm> Arms, double LiftPoints, double CiLow, double CiHigh, string Verdict, string Recommendation, string Note);

/// <summary>One arm.</summary>
public sealed record ImageArm(string Name, IReadOnlyList<double> Accuracies)
{
    /// <summary>Gets the first seed's validation accuracy at each early-stopping check (null in reports written before it was recorded).</summary>
    public IReadOnlyList<Augment.Images.CurvePoint>? ValidationCurve { get; init; }

    /// <summary>Gets the mean accuracy.</summary>
    public double Mean => Accuracies.Count == 0 ? double.NaN : Accuracies.Average();
}

/// <summary>report.json of an image run.</summary>
public sealed record ImageRunReport(
    string RunId, string Dataset, string Kind, IReadOnlyList<string> Classes, ImageProfile Profile, ImageTrainResult Train, ImageEvaluation Evaluation,
    IReadOnlyList<StageTiming> Stages, IReadOnlyList<string> Outputs)
{
    /// <summary>Gets what the audit gate decided about the bias findings (null in reports from before the gate).</summary>
    public AuditOutcome? Audit { get; init; }

    /// <summary>Gets what ran the generator's decoder while sampling (<c>onnxruntime</c> on CUDA or the CPU, or
    /// <c>own</c>) and why; null in reports of runs sampled before it was recorded.</summary>
    public SamplerInfo? Sampler { get; init; }
}
