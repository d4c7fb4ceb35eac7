namespace Augment.Images.Tests;

/// <summary>The conditional GAN on the tiny two-class images of <see cref="ModelTests"/> (bright top vs bright bottom).</summary>
public class ConditionalGanTests
{
    private static readonly GanOptions Toy = new(Seed: 7, Steps: 400, BatchSize: 32, Latent: 8, Width: 8, LearningRate: 2e-3f);

    [Fact]
    public void Train_SamplesTheClassAskedFor_AndIsReproducible()
    {
        // Arrange
        var train = ModelTests.TwoClasses(120, seed: 6);

        // Act
        var gan = ConditionalGan.Train(train, Toy);
        var samples = gan.Sample([50, 50], seed: 11, train.Classes);

        // Assert: class 0 is bright on top, class 1 at the bottom.
        Assert.Equal(100, samples.Count);
        Assert.Equal(50, samples.Labels.Count(l => l == 0));
        Assert.All(samples.Pixels, v => Assert.InRange(v, 0f, 1f));
        var right = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var image = samples.Image(i);
            var top = image[..32].ToArray().Average();
            var bottom = image[32..].ToArray().Average();
            right += (samples.Labels[i] == 0 ? top > bottom + 0.2 : bottom > top + 0.2) ? 1 : 0;
        }

        Assert.True(right >= 95, $"{right} of 100 samples show their class");
        Assert.Equal(samples.Pixels, gan.Sample([50, 50], seed: 11, train.Classes).Pixels);
        Assert.NotEqual(samples.Pixels, gan.Sample([50, 50], seed: 12, train.Classes).Pixels);
        Assert.Equal(samples.Pixels, ConditionalGan.Train(train, Toy).Sample([50, 50], seed: 11, train.Classes).Pixels);
        Assert.NotEqual(samples.Pixels, ConditionalGan.Train(train, Toy with { Seed = 8 }).Sample([50, 50], seed: 11, train.Classes).Pixels);
    }

    [Fact]
    public void SaveThenLoad_SamplesTheSameImages_EitherGeneratorLoadsByFormat()
    {
        var train = ModelTests.TwoClasses(20, seed: 1);
        var gan = ConditionalGan.Train(train, Toy with { Steps = 5 });
        var vae = ConditionalVae.Train(train, new VaeOptions(Seed: 1, Epochs: 1, MinSteps: 5, BatchSize: 8, Latent: 4, Classic: false));
        using var ganFile = new MemoryStream();
        gan.Save(ganFile);
        using var vaeFile = new MemoryStream();
        vae.Save(vaeFile);

        ganFile.Position = 0;
        var loaded = ConditionalGan.Load(ganFile);
        ganFile.Position = 0;
        var either = ImageGenerators.Load(ganFile);
        vaeFile.Position = 0;
        var eitherVae = ImageGenerators.Load(vaeFile);

        Assert.Equal(gan.Sample([5, 5], 3, train.Classes).Pixels, loaded.Sample([5, 5], 3, train.Classes).Pixels);
        Assert.IsType<ConditionalGan>(either);
        Assert.Equal(gan.Sample([5, 5], 3, train.Classes).Pixels, either.Sample([5, 5], 3, train.Classes).Pixels);
        Assert.IsType<ConditionalVae>(eitherVae);
        Assert.Equal(vae.Sample([5, 5], 3, train.Classes).Pixels, eitherVae.Sample([5, 5], 3, train.Classes).Pixels);
        vaeFile.Position = 0;
        Assert.Contains("not a augment.conditional-gan.v1 model", Assert.Throws<InvalidDataException>(() => ConditionalGan.Load(vaeFile)).Message, StringComparison.Ordinal);
    }
}
