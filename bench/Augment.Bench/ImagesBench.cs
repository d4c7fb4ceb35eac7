using System.Diagnostics;
using System.Globalization;
using Augment.Images;

namespace Augment.Bench;

/// <summary>
/// `images --per-class N [--seeds 3] [--synthetic-per-class M] [--steps S] [--generator vae|gan] [--vae-steps V]
/// [--gan-steps G] [--folder DIR] [--cache DIR]`: does a class-conditional generator (the VAE or the DiffAugment GAN) help a small
/// CNN on Fashion-MNIST when only N images per class are labelled? Per seed: draw N real images per class
/// from the training split (the seed chooses them), hold 20 % of them out for early stopping, train the generator on the rest,
/// draw M images per class, and train the CNN in four arms — real, real + classic augmentation (flip, ±2 px shifts),
/// real + synthetic, real + classic + synthetic — each tested on the full 10,000-image test split. The lift is
/// (real + classic + synthetic) − (real + classic), paired by seed, with a t-interval over seeds. Also reports the
/// synthetic images' Fréchet distance and density/coverage in the real-trained CNN's features, intended-label accuracy,
/// and the nearest-training-image distances against the 1st percentile of test-to-train distances.
/// Needs Debian's dataset-fashion-mnist. Ends with one JSON line.
/// </summary>
internal static class ImagesBench
{
    public static Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--product"))
        {
            return Task.FromResult(ImagesProductBench.Run(args));
        }

        var perClass = Option(args, "--per-class", 100);
        var seeds = Option(args, "--seeds", 3);
        var syntheticPerClass = Option(args, "--synthetic-per-class", Math.Max(100, 4 * perClass));
        var steps = Option(args, "--steps", 1500);
        var vaeSteps = Option(args, "--vae-steps", 3000);
        var ganSteps = Option(args, "--gan-steps", 3000);
        var generator = args.SkipWhile(a => a != "--generator").Skip(1).FirstOrDefault() ?? "vae";
        if (generator is not ("vae" or "gan"))
        {
            Console.Error.WriteLine($"images: --generator must be vae or gan, got '{generator}'.");
            return Task.FromResult(2);
        }

        var generatorSteps = generator == "gan" ? ganSteps : vaeSteps;
        var folder = args.SkipWhile(a => a != "--folder").Skip(1).FirstOrDefault() ?? FashionMnist.DebianFolder;
        var cache = args.SkipWhile(a => a != "--cache").Skip(1).FirstOrDefault();

        var clock = Stopwatch.StartNew();
        var all = FashionMnist.Read(folder);
        var test = FashionMnist.Read(folder, test: true);
        Console.WriteLine($"images: Fashion-MNIST, {perClass} per class, {seeds} seeds, {syntheticPerClass} synthetic per class, CNN ≤ {steps} steps, {generator.ToUpperInvariant()} {generatorSteps} steps; CPU {CrashBench.CpuName()}, {Environment.ProcessorCount} logical CPUs");

        string[] arms = ["real", "real_classic", "real_synthetic", "real_classic_synthetic"];
        var accuracy = arms.ToDictionary(a => a, _ => new List<double>());
        var trainSeconds = new List<double>();
        var sampleSeconds = new List<double>();
        var fd = new List<double>();
        var fdReal = new List<double>();
        var density = new List<double>();
        var coverage = new List<double>();
        var intended = new List<double>();
        var belowP1 = new List<double>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var labelled = all.TakePerClass(perClass, seed);
            var (train, validation) = labelled.SplitStratified(0.2, seed);
            var (model, seconds) = TrainOrLoad(cache, $"{generator}-{perClass}pc-{generatorSteps}steps-seed{seed}", () => generator == "gan"
                ? ConditionalGan.Train(train, new GanOptions(Seed: seed, Steps: generatorSteps), (step, total, loss) =>
                {
                    if (step % 500 == 0)
                    {
                        Console.Error.WriteLine($"    GAN step {step}/{total}: discriminator hinge loss {loss:F3}");
                    }
                })
                : ImageGenerators.Train(ImageGeneratorKind.Vae, train, seed, generatorSteps));
            trainSeconds.Add(seconds);
            var sampling = Stopwatch.StartNew();
            var synthetic = model.Sample(Enumerable.Repeat(syntheticPerClass, all.Classes.Count).ToArray(), seed * 1000L, all.Classes);
            sampleSeconds.Add(sampling.Elapsed.TotalSeconds * 1000.0 / synthetic.Count);

            var options = new CnnOptions(Seed: seed, MaxSteps: steps);
            var results = new Dictionary<string, CnnClassifier>
            {
                ["real"] = CnnClassifier.Train(train, validation, options),
                ["real_classic"] = CnnClassifier.Train(train, validation, options with { Classic = true }),
                ["real_synthetic"] = CnnClassifier.Train(train, validation, options, synthetic),
                ["real_classic_synthetic"] = CnnClassifier.Train(train, validation, options with { Classic = true }, synthetic),
            };
            foreach (var (arm, classifier) in results)
            {
                accuracy[arm].Add(classifier.Accuracy(test));
            }

            // Quality in the feature space of the CNN trained on the real images (with classic augmentation: the
            // strongest real-only model), against the real test images; the real training images give the floor.
            var judge = results["real_classic"];
            var testFeatures = judge.Features(test);
            fd.Add(ImageMetrics.FrechetDistance(testFeatures, judge.Features(synthetic)));
            fdReal.Add(ImageMetrics.FrechetDistance(testFeatures, judge.Features(train)));
            var prdc = ImageMetrics.Prdc(judge.Features(test.TakePerClass(200, seed)), judge.Features(synthetic.TakePerClass(200, seed)));
            density.Add(prdc.Density);
            coverage.Add(prdc.Coverage);
            var predicted = judge.Predict(synthetic);
            intended.Add(predicted.Where((p, i) => p == synthetic.Labels[i]).Count() / (double)synthetic.Count);

            var trainPixels = new Augment.Tensors.Tensor(train.Pixels, train.Count, train.Shape.Size);
            var (testToTrain, _) = ImageMetrics.Nearest(new Augment.Tensors.Tensor(test.Pixels, test.Count, test.Shape.Size), trainPixels);
            var p1 = ImageMetrics.Percentile(testToTrain, 0.01);
            var (synthToTrain, _) = ImageMetrics.Nearest(new Augment.Tensors.Tensor(synthetic.Pixels, synthetic.Count, synthetic.Shape.Size), trainPixels);
            belowP1.Add(synthToTrain.Count(d => d < p1) / (double)synthToTrain.Length);

            Console.WriteLine($"  seed {seed}: " + string.Join(", ", arms.Select(a => $"{a} {100 * accuracy[a][^1]:F2} %")) +
                $"; {generator.ToUpperInvariant()} {seconds:F0} s; FD {fd[^1]:F2} (real train {fdReal[^1]:F2}), density {prdc.Density:F2}, coverage {prdc.Coverage:F2}, intended label {100 * intended[^1]:F1} %, below test→train p1 {100 * belowP1[^1]:F2} %");
        }

        var lifts = accuracy["real_classic_synthetic"].Zip(accuracy["real_classic"], (s, c) => 100 * (s - c)).ToArray();
        var (lift, low, high) = ImageMetrics.TInterval(lifts);
        Console.WriteLine($"  lift (real + classic + synthetic − real + classic): {lift:+0.00;-0.00} points, 95 % CI [{low:F2}, {high:F2}] over {seeds} seeds; {clock.Elapsed.TotalSeconds:F0} s in all");
        var json = string.Join(",", arms.Select(a => $"\"{a}\":{Number(100 * accuracy[a].Average())}"));
        Console.WriteLine(
            $"{{\"bench\":\"images\",\"cpu\":\"{CrashBench.CpuName().Replace("\"", "'", StringComparison.Ordinal)}\",\"generator\":\"{generator}\",\"generator_steps\":{generatorSteps},\"per_class\":{perClass},\"seeds\":{seeds},\"synthetic_per_class\":{syntheticPerClass}," +
            $"{json},\"lift_points\":{Number(lift)},\"lift_ci_low\":{Number(low)},\"lift_ci_high\":{Number(high)},\"train_s\":{Number(trainSeconds.Average())}," +
            $"\"sample_ms_per_1000\":{Number(sampleSeconds.Average() * 1000)},\"fd\":{Number(fd.Average())},\"fd_real_train\":{Number(fdReal.Average())},\"density\":{Number(density.Average())}," +
            $"\"coverage\":{Number(coverage.Average())},\"intended_label\":{Number(intended.Average())},\"share_below_test_p1\":{Number(belowP1.Average())}}}");
        return Task.FromResult(0);
    }

    /// <summary>Trains the generator, or with <c>--cache DIR</c> reads the one an earlier run with the same generator, count,
    /// steps and seed saved there (the training seconds beside it), so classifier-side variants are compared on the same
    /// generators without training them again.</summary>
    internal static (IImageGenerator Model, double TrainSeconds) TrainOrLoad(string? cache, string key, Func<IImageGenerator> train)
    {
        if (cache is null)
        {
            var fresh = train();
            return (fresh, fresh.TrainSeconds);
        }

        var path = Path.Combine(cache, key + ".safetensors");
        var secondsPath = path + ".seconds";
        if (File.Exists(path) && File.Exists(secondsPath))
        {
            using var stream = File.OpenRead(path);
            Console.WriteLine($"  {key}: read from {path}");
            return (ImageGenerators.Load(stream), double.Parse(File.ReadAllText(secondsPath), CultureInfo.InvariantCulture));
        }

        var model = train();
        Directory.CreateDirectory(cache);
        using (var stream = File.Create(path + ".tmp"))
        {
            model.Save(stream);
        }

        File.Move(path + ".tmp", path, overwrite: true);
        File.WriteAllText(secondsPath, model.TrainSeconds.ToString("R", CultureInfo.InvariantCulture));
        return (model, model.TrainSeconds);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "null";
}
