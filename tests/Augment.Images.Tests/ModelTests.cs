using Augment.Synthesis;
using Augment.Tensors.Layers;

namespace Augment.Images.Tests;

/// <summary>The classifier and the conditional VAE on tiny two-class images (bright top half vs bright bottom half,
/// with noise), small enough to train in a second or two.</summary>
public class ModelTests
{
    private static readonly ImageShape Shape = new(1, 8, 8);

    [Fact]
    public void Cnn_LearnsSeparableClasses_AndIsReproducible()
    {
        var train = TwoClasses(80, seed: 1);
        var test = TwoClasses(100, seed: 2);
        var options = new CnnOptions(Seed: 3, MaxSteps: 150, BatchSize: 32, EvaluateEvery: 50);
        var model = CnnClassifier.Train(train, TwoClasses(20, seed: 4), options);
        Assert.True(model.Accuracy(test) > 0.95, $"accuracy {model.Accuracy(test)}");
        Assert.InRange(model.BestStep, 50, 150);
        Assert.Equal([50, 100, 150], model.ValidationCurve.Select(p => p.Step));
        Assert.Equal(model.ValidationAccuracy, model.ValidationCurve.Max(p => p.Value));
        Assert.Equal(model.BestStep, model.ValidationCurve.First(p => p.Value == model.ValidationAccuracy).Step);

        var again = CnnClassifier.Train(train, TwoClasses(20, seed: 4), options);
        Assert.Equal(model.Probabilities(test).Data, again.Probabilities(test).Data);
        Assert.Equal([test.Count, 64], model.Features(test).Shape);
    }

    [Fact]
    public void Cnn_EarlyStopping_CurveEndsAtTheStoppingCheck()
    {
        // Validation images labelled the other way round: the first check is the best, then patience runs out.
        var train = TwoClasses(80, seed: 1);
        var valid = TwoClasses(20, seed: 4);
        var inverted = new ImageSet(valid.Shape, valid.Pixels, [.. valid.Labels.Select(l => 1 - l)], valid.Classes);
        var model = CnnClassifier.Train(train, inverted, new CnnOptions(Seed: 3, MaxSteps: 1000, BatchSize: 32, EvaluateEvery: 20, Patience: 2));
        Assert.InRange(model.ValidationCurve.Count, 3, 49);
        Assert.Equal(Enumerable.Range(1, model.ValidationCurve.Count).Select(i => 20 * i), model.ValidationCurve.Select(p => p.Step));
        Assert.All(model.ValidationCurve.TakeLast(2), p => Assert.True(p.Value <= model.ValidationAccuracy));
        Assert.Empty(CnnClassifier.Train(train, null, new CnnOptions(Seed: 3, MaxSteps: 20, BatchSize: 32)).ValidationCurve);
    }

    [Fact]
    public void Cnn_ExtraImagesWithWrongLabels_HurtOnlyInProportionToTheirShare()
    {
        // Extra images labelled the other way round: at share 0 they are ignored, at a large share they dominate.
        var train = TwoClasses(80, seed: 1);
        var test = TwoClasses(100, seed: 2);
        var flipped = TwoClasses(400, seed: 5);
        var wrong = new ImageSet(flipped.Shape, flipped.Pixels, [.. flipped.Labels.Select(l => 1 - l)], flipped.Classes);
        var ignored = CnnClassifier.Train(train, null, new CnnOptions(Seed: 3, MaxSteps: 150, BatchSize: 32, ExtraShare: 0), wrong);
        var dominated = CnnClassifier.Train(train, null, new CnnOptions(Seed: 3, MaxSteps: 150, BatchSize: 32, ExtraShare: 0.9), wrong);
        Assert.True(ignored.Accuracy(test) > 0.95, $"share 0: {ignored.Accuracy(test)}");
        Assert.True(dominated.Accuracy(test) < 0.2, $"share 0.9: {dominated.Accuracy(test)}");
    }

    [Fact]
    public void Vae_LearnsEachClassAndSamplesReproducibly()
    {
        var train = TwoClasses(120, seed: 6);
        var vae = ConditionalVae.Train(train, new VaeOptions(Seed: 7, Epochs: 1, MinSteps: 300, BatchSize: 32, Latent: 4, LearningRate: 3e-3f, Classic: false));
        var samples = vae.Sample([50, 50], seed: 11, train.Classes);
        Assert.Equal(100, samples.Count);
        Assert.Equal(50, samples.Labels.Count(l => l == 0));
        Assert.All(samples.Pixels, v => Assert.InRange(v, 0f, 1f));

        // Class 0 is bright on top, class 1 at the bottom: the samples follow the class they were asked for.
        for (var i = 0; i < samples.Count; i++)
        {
            var image = samples.Image(i);
            var top = image[..32].ToArray().Average();
            var bottom = image[32..].ToArray().Average();
            Assert.True(samples.Labels[i] == 0 ? top > bottom + 0.2 : bottom > top + 0.2, $"sample {i} (class {samples.Labels[i]}): top {top:F2}, bottom {bottom:F2}");
        }

        Assert.Equal(samples.Pixels, vae.Sample([50, 50], seed: 11, train.Classes).Pixels);
        Assert.NotEqual(samples.Pixels, vae.Sample([50, 50], seed: 12, train.Classes).Pixels);
    }

    [Fact]
    public void ClassicAugmentation_FlipsAndShiftsWithinTheImage()
    {
        // One bright pixel in the middle of a 1×8×8 image moves by at most 2 pixels and is never lost.
        var image = new float[64];
        image[(3 * 8) + 3] = 1f;
        var batch = Enumerable.Range(0, 50).SelectMany(_ => image).ToArray();
        var output = new float[batch.Length];
        ClassicAugmentation.Apply(batch, output, Shape, new RandomSource(1));
        var positions = new HashSet<int>();
        for (var i = 0; i < 50; i++)
        {
            var at = Array.IndexOf(output, 1f, i * 64, 64) - (i * 64);
            Assert.True(at >= 0, $"image {i} lost its pixel");
            Assert.Equal(1f, output.AsSpan(i * 64, 64).ToArray().Sum());
            int y = at / 8, x = at % 8;
            Assert.InRange(y, 1, 5);
            Assert.True(Math.Abs(x - 3) <= 2 || Math.Abs(x - 4) <= 2, $"x {x}");
            positions.Add(at);
        }

        Assert.True(positions.Count > 5, "the shifts and flips vary");
    }

    internal static ImageSet TwoClasses(int n, int seed)
    {
        var random = new RandomSource(seed);
        var pixels = new float[n * 64];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            for (var p = 0; p < 64; p++)
            {
                var bright = (p < 32) == (labels[i] == 0);
                pixels[(i * 64) + p] = Math.Clamp((bright ? 0.8f : 0.1f) + (0.1f * (float)random.NextNormal()), 0f, 1f);
            }
        }

        return new ImageSet(Shape, pixels, labels, ["top", "bottom"]);
    }
}

public class VaePersistenceTests
{
    [Fact]
    public void SaveThenLoad_SamplesTheSameImages_AndForeignFilesAreRefused()
    {
        var shape = new Augment.Tensors.Layers.ImageShape(1, 8, 8);
        var pixels = Enumerable.Range(0, 20 * 64).Select(i => (i * 37 % 100) / 100f).ToArray();
        var set = new ImageSet(shape, pixels, [.. Enumerable.Range(0, 20).Select(i => i % 2)], ["a", "b"]);
        var vae = ConditionalVae.Train(set, new VaeOptions(Seed: 1, Epochs: 1, MinSteps: 20, BatchSize: 8, Latent: 4, Classic: false));
        using var file = new MemoryStream();
        vae.Save(file);
        file.Position = 0;
        var loaded = ConditionalVae.Load(file);
        Assert.Equal(vae.Sample([5, 5], 3, set.Classes).Pixels, loaded.Sample([5, 5], 3, set.Classes).Pixels);

        using var foreign = new MemoryStream();
        Augment.Tensors.IO.SafeTensors.Write(foreign, [("w", new Augment.Tensors.Tensor(2))]);
        foreign.Position = 0;
        Assert.Contains("not a augment.conditional-vae.v1 model", Assert.Throws<InvalidDataException>(() => ConditionalVae.Load(foreign)).Message, StringComparison.Ordinal);
    }
}
