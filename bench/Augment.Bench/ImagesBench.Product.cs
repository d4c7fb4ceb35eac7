using System.Diagnostics;
using System.Globalization;
using Augment.Images;
using Augment.Pipeline.Images;

namespace Augment.Bench;

/// <summary>
/// `images --product --per-class N [--seeds 3] [--utility-seeds 3] [--synthetic-per-class M] [--steps S] [--generator vae|gan]
/// [--gan-steps G | --vae-steps V] [--least-realistic F] [--cache DIR]`: the same question as <c>images</c>, answered by
/// the product's own code. Per data seed: N real images per class drawn from the training split, the generator trained
/// on all of them (as TrainImages does), M images per class sampled, then <see cref="ImageEvaluator.Evaluate"/> — the
/// EvaluateImages activity's code, with the full 10,000-image test split as the held-out set: its judge CNN, its three
/// filters (near-copies, wrong class, least realistic), and its four utility arms over <c>--utility-seeds</c> classifier
/// seeds. A data seed's arm accuracy is the mean over its classifier seeds; the lift is paired by data seed with a
/// t-interval over data seeds (so it covers the draw of the real images, the generator and the classifiers). Ends with
/// one JSON line.
/// </summary>
internal static class ImagesProductBench
{
    public static int Run(string[] args)
    {
        var perClass = Option(args, "--per-class", 100);
        var seeds = Option(args, "--seeds", 3);
        var utilitySeeds = Option(args, "--utility-seeds", 3);
        var syntheticPerClass = Option(args, "--synthetic-per-class", Math.Max(100, 4 * perClass));
        var steps = Option(args, "--steps", 1000);
        var generator = Text(args, "--generator") ?? "gan";
        if (generator is not ("vae" or "gan"))
        {
            Console.Error.WriteLine($"images --product: --generator must be vae or gan, got '{generator}'.");
            return 2;
        }

        var generatorSteps = generator == "gan" ? Option(args, "--gan-steps", 3000) : Option(args, "--vae-steps", 3000);
        var leastRealistic = double.Parse(Text(args, "--least-realistic") ?? "0.1", CultureInfo.InvariantCulture);
        var folder = Text(args, "--folder") ?? FashionMnist.DebianFolder;
        var cache = Text(args, "--cache");

        var clock = Stopwatch.StartNew();
        var all = FashionMnist.Read(folder);
        var test = FashionMnist.Read(folder, test: true);
        Console.WriteLine($"images --product: Fashion-MNIST, {perClass} per class, {seeds} data seeds × {utilitySeeds} classifier seeds, {syntheticPerClass} synthetic per class, " +
            $"CNN ≤ {steps} steps, {generator.ToUpperInvariant()} {generatorSteps} steps, least-realistic share {leastRealistic}; CPU {CrashBench.CpuName()}, {Environment.ProcessorCount} logical CPUs");

        string[] arms = ["real", "real + classic", "real + synthetic", "real + classic + synthetic"];
        var accuracy = arms.ToDictionary(a => a, _ => new List<double>());
        var trainSeconds = new List<double>();
        var kept = new List<double>();
        var wrongClass = new List<double>();
        var fd = new List<double>();
        var fdReal = new List<double>();
        var density = new List<double>();
        var coverage = new List<double>();
        var intended = new List<double>();
        var nearCopies = new List<double>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var labelled = all.TakePerClass(perClass, seed);
            var (model, seconds) = ImagesBench.TrainOrLoad(cache, $"{generator}-{perClass}pc-{generatorSteps}steps-seed{seed}-all", () =>
                ImageGenerators.Train(generator == "gan" ? ImageGeneratorKind.Gan : ImageGeneratorKind.Vae, labelled, seed, generatorSteps));
            trainSeconds.Add(seconds);
            var synthetic = model.Sample(Enumerable.Repeat(syntheticPerClass, all.Classes.Count).ToArray(), seed * 1000L, all.Classes);
            var spec = new ImageSpec(Seed: seed, ClassifierSteps: steps, UtilitySeeds: utilitySeeds, LeastRealisticShare: leastRealistic, Generator: generator);
            var (evaluation, _) = ImageEvaluator.Evaluate(labelled, test, synthetic, spec);
            foreach (var arm in evaluation.Utility.Arms)
            {
                accuracy[arm.Name].Add(arm.Mean);
            }

            kept.Add(evaluation.Kept / (double)evaluation.Sampled);
            wrongClass.Add(evaluation.Filters.Single(f => f.Step == "wrong-class").Dropped / (double)evaluation.Sampled);
            nearCopies.Add(evaluation.Memorisation.NearCopiesDropped);
            fd.Add(evaluation.Overall.FrechetDistance);
            fdReal.Add(evaluation.Overall.FrechetDistanceRealFloor);
            density.Add(evaluation.Overall.Density);
            coverage.Add(evaluation.Overall.Coverage);
            intended.Add(evaluation.Overall.IntendedLabelAccuracy);
            Console.WriteLine($"  seed {seed}: " + string.Join(", ", arms.Select(a => $"{a} {100 * accuracy[a][^1]:F2} %")) +
                $"; lift {evaluation.Utility.LiftPoints:+0.00;-0.00} [{evaluation.Utility.CiLow:F2}, {evaluation.Utility.CiHigh:F2}] over {utilitySeeds} classifier seeds ({evaluation.Utility.Verdict}); " +
                $"{generator.ToUpperInvariant()} {seconds:F0} s; kept {evaluation.Kept}/{evaluation.Sampled} (" + string.Join(", ", evaluation.Filters.Select(f => $"{f.Step} −{f.Dropped}")) +
                $"); kept FD {fd[^1]:F2} (real {fdReal[^1]:F2}), density {density[^1]:F2}, coverage {coverage[^1]:F2}, intended label {100 * intended[^1]:F1} %; {evaluation.Seconds:F0} s evaluation");
        }

        var lifts = accuracy["real + classic + synthetic"].Zip(accuracy["real + classic"], (s, c) => 100 * (s - c)).ToArray();
        var (lift, low, high) = ImageMetrics.TInterval(lifts);
        Console.WriteLine($"  lift (real + classic + synthetic − real + classic): {lift:+0.00;-0.00} points, 95 % CI [{low:F2}, {high:F2}] over {seeds} data seeds; {clock.Elapsed.TotalSeconds:F0} s in all");
        var json = string.Join(",", arms.Select(a => $"\"{a.Replace(" + ", "_", StringComparison.Ordinal)}\":{Number(100 * accuracy[a].Average())}"));
        Console.WriteLine(
            $"{{\"bench\":\"images\",\"mode\":\"product\",\"cpu\":\"{CrashBench.CpuName().Replace("\"", "'", StringComparison.Ordinal)}\",\"threads\":{Environment.ProcessorCount},\"generator\":\"{generator}\",\"generator_steps\":{generatorSteps},\"per_class\":{perClass},\"seeds\":{seeds},\"utility_seeds\":{utilitySeeds},\"synthetic_per_class\":{syntheticPerClass},\"classifier_steps\":{steps}," +
            $"{json},\"lift_points\":{Number(lift)},\"lift_ci_low\":{Number(low)},\"lift_ci_high\":{Number(high)},\"train_s\":{Number(trainSeconds.Average())},\"kept_share\":{Number(kept.Average())},\"wrong_class_share\":{Number(wrongClass.Average())}," +
            $"\"near_copies\":{Number(nearCopies.Average())},\"fd\":{Number(fd.Average())},\"fd_real_train\":{Number(fdReal.Average())},\"density\":{Number(density.Average())},\"coverage\":{Number(coverage.Average())},\"intended_label\":{Number(intended.Average())},\"seconds\":{clock.Elapsed.TotalSeconds:F0}}}");
        return 0;
    }

    private static string? Text(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static int Option(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "null";
}
