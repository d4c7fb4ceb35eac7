using System.Diagnostics;
using System.Globalization;
using Augment.Images;
using Augment.Tensors;

namespace Augment.Pipeline.Images;

/// <summary>
/// The evaluation of an image run, on tables of images already in memory: a "judge" CNN trained on the real training
/// images (classic augmentation, early stopping on 15 % of them), the three filters, quality in the judge's feature
/// space against the held-out images, memorisation in pixel space, and the utility arms over seeds.
/// </summary>
public static class ImageEvaluator
{
    /// <summary>The neighbour whose distance is a point's radius in density/coverage.</summary>
    public const int K = 5;

    /// <summary>Filters and measures <paramref name="sampled"/>; returns the evaluation and the kept images.</summary>
    /// <param name="train">The real training images (the generator learnt from these).</param>
    /// <param name="holdout">The held-out real images (never seen by the generator or a classifier's training).</param>
    /// <param name="sampled">The synthetic images, labelled with the class each was drawn for.</param>
    /// <param name="spec">The run's options.</param>
    /// <param name="progress">Told before each classifier training starts: (its number from 1, how many in all, what it
    /// is), e.g. (4, 13, "real + synthetic, seed 1"); null for none.</param>
    /// <param name="cancellationToken">Checked between classifier trainings.</param>
    public static (ImageEvaluation Evaluation, ImageSet Kept) Evaluate(ImageSet train, ImageSet holdout, ImageSet sampled, ImageSpec spec, Action<int, int, string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(sampled);
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        var (fit, validation) = train.SplitStratified(0.15, spec.Seed);
        var options = new CnnOptions(Seed: spec.Seed, MaxSteps: spec.ClassifierSteps, EvaluateEvery: Math.Max(10, spec.ClassifierSteps / 15));
        // The judge, then per seed two arms without synthetic images and, when any are kept, two with: the total is known
        // only after filtering, so the judge is counted against the most there can be.
        progress?.Invoke(1, Classifiers(spec, synthetic: true), "judge");
        var judge = CnnClassifier.Train(fit, validation, options with { Classic = true }, cancellationToken: cancellationToken);

        // 1. Near-copies: closer (pixels, Euclidean) to a training image than 99 % of held-out images are.
        var trainPixels = Pixels(train);
        var (holdoutToTrain, _) = ImageMetrics.Nearest(Pixels(holdout), trainPixels);
        var p1 = ImageMetrics.Percentile(holdoutToTrain, 0.01);
        var filters = new List<ImageFilterStep>();
        var alive = Enumerable.Range(0, sampled.Count).ToList();
        var (toTrain, nearestTrain) = sampled.Count == 0 ? ([], []) : ImageMetrics.Nearest(Pixels(sampled), trainPixels);
        var nearCopies = alive.Where(i => toTrain[i] < p1).ToHashSet();
        filters.Add(new ImageFilterStep("near-copies", alive.Count, nearCopies.Count,
            $"closer to a training image than the 1st percentile of held-out-to-training distances ({p1:F3})"));
        alive.RemoveAll(nearCopies.Contains);

        // 2. Wrong class: the judge assigns the image to another class than the one it was drawn for.
        var predicted = sampled.Count == 0 ? [] : judge.Predict(sampled);
        var intended = sampled.Count == 0 ? double.NaN : predicted.Where((p, i) => p == sampled.Labels[i]).Count() / (double)sampled.Count;
        var wrong = alive.Where(i => predicted[i] != sampled.Labels[i]).ToHashSet();
        filters.Add(new ImageFilterStep("wrong-class", alive.Count, wrong.Count, "the classifier trained on the real images assigns it to another class"));
        alive.RemoveAll(wrong.Contains);

        // 3. Least realistic: the largest distance (judge features) to the k-th nearest real training image of its class.
        var trainFeatures = judge.Features(train);
        var sampledFeatures = sampled.Count == 0 ? new Tensor(0, 64) : judge.Features(sampled);
        var remoteness = Remoteness(sampled, sampledFeatures, train, trainFeatures, alive);
        var dropCount = (int)Math.Floor(alive.Count * spec.LeastRealisticShare);
        var leastRealistic = alive.OrderByDescending(i => remoteness[i]).ThenBy(i => i).Take(dropCount).ToHashSet();
        filters.Add(new ImageFilterStep("least-realistic", alive.Count, leastRealistic.Count,
            $"the {spec.LeastRealisticShare:P0} farthest (classifier features) from the k = {K} nearest real training images of their class"));
        alive.RemoveAll(leastRealistic.Contains);

        var kept = sampled.Select(alive);
        var keptFeatures = ImageMetrics.Rows(sampledFeatures, alive);
        var holdoutFeatures = judge.Features(holdout);
        var overall = Quality(keptFeatures, holdoutFeatures, trainFeatures, intended);
        var perClass = new List<ImageClassQuality>();
        for (var c = 0; c < train.Classes.Count; c++)
        {
            var cls = c;
            var classIntended = sampled.Labels.Count(l => l == cls) is var n and > 0
                ? predicted.Where((p, i) => sampled.Labels[i] == cls && p == cls).Count() / (double)n
                : double.NaN;
            perClass.Add(new ImageClassQuality(train.Classes[c], Quality(
                ImageMetrics.Rows(keptFeatures, Enumerable.Range(0, kept.Count).Where(i => kept.Labels[i] == cls).ToList()),
                ImageMetrics.Rows(holdoutFeatures, Enumerable.Range(0, holdout.Count).Where(i => holdout.Labels[i] == cls).ToList()),
                ImageMetrics.Rows(trainFeatures, Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == cls).ToList()),
                classIntended)));
        }

        var keptToTrain = alive.Select(i => toTrain[i]).ToArray();
        var pairs = alive.Select((i, k) => (Kept: k, Sampled: i)).OrderBy(p => toTrain[p.Sampled]).Take(8)
            .Select(p => new ImagePair(p.Kept, nearestTrain[p.Sampled], train.Names?[nearestTrain[p.Sampled]] ?? $"#{nearestTrain[p.Sampled]}", toTrain[p.Sampled]))
            .ToList();
        var memorisation = new ImageMemorisation(p1, keptToTrain.Length == 0 ? double.NaN : keptToTrain.Min(), nearCopies.Count, pairs);
        var (utility, predictions) = Utility(fit, validation, holdout, kept, spec, options, progress, cancellationToken);
        var bias = ImageBias.Select(holdout, spec.Audit).Select(a => ImageBias.Audit(a, holdout.Labels, predictions)).ToList();
        return (new ImageEvaluation(sampled.Count, kept.Count, filters, overall, perClass, memorisation, utility, clock.Elapsed.TotalSeconds) { Bias = bias }, kept);
    }

    /// <summary>The four arms over seeds, the paired lift of synthetic images on top of classic augmentation, the verdict
    /// and the recommendation; also every arm's predictions on the held-out images, one array per seed (for the bias audit).</summary>
    internal static (ImageUtility Utility, IReadOnlyList<(string Arm, IReadOnlyList<int[]> Predictions)> Predictions) Utility(
        ImageSet fit, ImageSet validation, ImageSet holdout, ImageSet kept, ImageSpec spec, CnnOptions options, Action<int, int, string>? progress, CancellationToken cancellationToken)
    {
        var predictions = new Dictionary<string, List<int[]>> { ["real"] = [], ["real + classic"] = [], ["real + synthetic"] = [], ["real + classic + synthetic"] = [] };
        var total = Classifiers(spec, kept.Count > 0);
        var started = 1; // the judge
        var curves = new Dictionary<string, IReadOnlyList<CurvePoint>>();
        int[] Train(string arm, int seed, CnnOptions seeded, ImageSet? extra)
        {
            progress?.Invoke(++started, total, string.Create(CultureInfo.InvariantCulture, $"{arm}, seed {seed}"));
            var classifier = CnnClassifier.Train(fit, validation, seeded, extra, cancellationToken);
            curves.TryAdd(arm, classifier.ValidationCurve);
            return classifier.Predict(holdout);
        }

        for (var s = 0; s < spec.UtilitySeeds; s++)
        {
            var seeded = options with { Seed = spec.Seed + 1 + s };
            predictions["real"].Add(Train("real", s + 1, seeded, null));
            predictions["real + classic"].Add(Train("real + classic", s + 1, seeded with { Classic = true }, null));
            if (kept.Count > 0)
            {
                predictions["real + synthetic"].Add(Train("real + synthetic", s + 1, seeded, kept));
                predictions["real + classic + synthetic"].Add(Train("real + classic + synthetic", s + 1, seeded with { Classic = true }, kept));
            }
        }

        var byArm = predictions.Select(p => (p.Key, (IReadOnlyList<int[]>)p.Value)).ToList();
        var arms = predictions.ToDictionary(p => p.Key, p => p.Value.Select(predicted => Accuracy(predicted, holdout)).ToList());
        return (Judge(arms, curves, holdout, kept), byArm);
    }

    /// <summary>How many classifiers an evaluation trains: the judge and two arms per seed, two more per seed with synthetic images.</summary>
    internal static int Classifiers(ImageSpec spec, bool synthetic) => 1 + ((synthetic ? 4 : 2) * spec.UtilitySeeds);

    private static double Accuracy(int[] predicted, ImageSet images) =>
        predicted.Where((p, i) => p == images.Labels[i]).Count() / (double)Math.Max(1, images.Count);

    private static ImageUtility Judge(Dictionary<string, List<double>> arms, Dictionary<string, IReadOnlyList<CurvePoint>> curves, ImageSet holdout, ImageSet kept)
    {
        var list = arms.Select(a => new ImageArm(a.Key, a.Value) { ValidationCurve = curves.GetValueOrDefault(a.Key) }).ToList();
        var baseline = list.Where(a => !a.Name.Contains("synthetic", StringComparison.Ordinal)).MaxBy(a => a.Mean)!;
        if (kept.Count == 0)
        {
            return new ImageUtility(list, double.NaN, double.NaN, double.NaN, "not measured", baseline.Name,
                $"No synthetic image passed the filters; ship '{baseline.Name}' (best arm without synthetic images on the {holdout.Count} held-out images).");
        }

        var lifts = arms["real + classic + synthetic"].Zip(arms["real + classic"], (a, b) => 100 * (a - b)).ToArray();
        var (mean, low, high) = ImageMetrics.TInterval(lifts);
        string verdict = double.IsNaN(low) ? "not measured" : low > 0 ? "helped" : high < 0 ? "hurt" : "no effect";
        var best = list.MaxBy(a => a.Mean)!;
        var recommendation = verdict == "helped" && best.Name.Contains("synthetic", StringComparison.Ordinal) ? best.Name : baseline.Name;
        var ci = double.IsNaN(low) ? "one seed gives no interval (images.utilitySeeds ≥ 2)" : $"95 % CI [{low:+0.00;-0.00}, {high:+0.00;-0.00}] over {lifts.Length} seeds";
        var note = $"Synthetic images on top of classic augmentation changed held-out accuracy by {mean:+0.00;-0.00} points ({ci}); " +
            (recommendation.Contains("synthetic", StringComparison.Ordinal)
                ? $"'{recommendation}' scored best and the interval excludes zero, so ship it."
                : $"ship '{recommendation}', the best arm without synthetic images ({100 * baseline.Mean:F2} %){(verdict == "helped" ? ", which scored higher than every synthetic arm" : ", since the synthetic images did not help beyond doubt")}.");
        return new ImageUtility(list, mean, low, high, verdict, recommendation, note);
    }

    private static ImageQuality Quality(Tensor synthetic, Tensor holdout, Tensor train, double intended)
    {
        var fd = synthetic.Rows >= 2 && holdout.Rows >= 2 ? ImageMetrics.FrechetDistance(synthetic, holdout) : double.NaN;
        var floor = train.Rows >= 2 && holdout.Rows >= 2 ? ImageMetrics.FrechetDistance(train, holdout) : double.NaN;
        var prdc = ImageMetrics.Prdc(holdout, synthetic, K);
        return new ImageQuality(synthetic.Rows, fd, floor, prdc.Precision, prdc.Recall, prdc.Density, prdc.Coverage, intended)
        {
            KernelDistance = ImageMetrics.KernelDistance(synthetic, holdout),
            KernelDistanceRealFloor = ImageMetrics.KernelDistance(train, holdout),
        };
    }

    private static double[] Remoteness(ImageSet sampled, Tensor sampledFeatures, ImageSet train, Tensor trainFeatures, IReadOnlyList<int> alive)
    {
        var remoteness = new double[sampled.Count];
        for (var c = 0; c < train.Classes.Count; c++)
        {
            var cls = c;
            var members = alive.Where(i => sampled.Labels[i] == cls).ToList();
            var reference = ImageMetrics.Rows(trainFeatures, Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == cls).ToList());
            if (members.Count == 0 || reference.Rows == 0)
            {
                continue;
            }

            var distances = ImageMetrics.SquaredDistances(ImageMetrics.Rows(sampledFeatures, members), reference);
            var k = Math.Min(K, reference.Rows);
            for (var m = 0; m < members.Count; m++)
            {
                var row = distances.Row(m).ToArray();
                Array.Sort(row);
                remoteness[members[m]] = Math.Sqrt(row[k - 1]);
            }
        }

        return remoteness;
    }

    private static Tensor Pixels(ImageSet set) => new(set.Pixels, set.Count, set.Shape.Size);
}
