using Augment.Images;
using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>The conditional GAN's generator exported to ONNX and sampled through ONNX Runtime.</summary>
public sealed class ConditionalGanOnnxTests
{
    private static readonly Lazy<(ConditionalGan Gan, ImageSet Train)> Trained = new(() =>
    {
        var train = ToyImages.ThreeColours(90, seed: 6);
        return (ConditionalGan.Train(train, new GanOptions(Seed: 7, Steps: 40, BatchSize: 16, Latent: 6, Width: 8)), train);
    });

    [Fact]
    public void Sample_ThroughOnnxRuntime_EqualsOurForwardPass()
    {
        var (gan, train) = Trained.Value;
        using var engine = ToyImages.Engine(gan);

        // 600 images: three 256-image batches, run in parallel through the session.
        var ort = gan.Sample([250, 150, 200], seed: 9, train.Classes, engine);
        var own = gan.Sample([250, 150, 200], seed: 9, train.Classes);

        Assert.Equal(own.Labels, ort.Labels);
        OrtCheck.AssertClose(own.Pixels, ort.Pixels, 1e-5f);
        Assert.Equal(ExecutionProviderChoice.Cpu, engine.Provider.Provider);
    }

    [Fact]
    public void ExportOnnx_BatchNorm_IsTheRunningStatisticsFormSamplingUses()
    {
        // Training moved BatchNorm's running statistics off their start (0, 1), and normalising by the batch's own
        // statistics gives other images: the graph must match evaluation mode, not training mode.
        var gan = Copy(Trained.Value.Gan);
        var norms = ((Sequential)gan.Generator).Modules.OfType<BatchNorm2d>().ToList();
        Assert.Equal(2, norms.Count);
        Assert.All(norms, n => Assert.Contains(n.RunningMean.Data, m => Math.Abs(m) > 1e-3f));
        var input = OrtCheck.Random(3, 64, gan.NetworkInputWidth);
        using var engine = ToyImages.Engine(gan);
        var ort = new float[64 * gan.Shape.Size];
        engine.Forward(input.Data, 64, ort);

        gan.Generator.Training = false;
        var runningStatistics = gan.Generator.Forward(input).Data;
        gan.Generator.Training = true; // (updates the copy's running statistics: hence the copy)
        var batchStatistics = gan.Generator.Forward(input).Data;

        OrtCheck.AssertClose(runningStatistics, ort, 1e-5f);
        Assert.Contains(Enumerable.Range(0, ort.Length), i => Math.Abs(batchStatistics[i] - ort[i]) > 1e-3f);
    }

    [Fact]
    public void Sample_ThroughOnnxRuntime_SameSeedSameImages()
    {
        var (gan, train) = Trained.Value;
        using var engine = ToyImages.Engine(gan);

        var first = gan.Sample([100, 100, 100], seed: 21, train.Classes, engine);
        var second = gan.Sample([100, 100, 100], seed: 21, train.Classes, engine);
        var other = gan.Sample([100, 100, 100], seed: 22, train.Classes, engine);

        Assert.Equal(first.Pixels, second.Pixels);
        Assert.NotEqual(first.Pixels, other.Pixels);
    }

    [Fact]
    public void ExportOnnx_AfterLoad_GivesTheTrainedModelsImages()
    {
        // The pipeline exports at train time and samples from the loaded model: both graphs compute the same images.
        var (gan, train) = Trained.Value;
        using var file = new MemoryStream();
        gan.Save(file);
        file.Position = 0;
        IImageGenerator loaded = ImageGenerators.Load(file);
        using var engine = ToyImages.Engine(loaded);

        var ort = loaded.Sample([40, 40, 40], seed: 3, train.Classes, engine);

        Assert.IsType<ConditionalGan>(loaded);
        OrtCheck.AssertClose(gan.Sample([40, 40, 40], seed: 3, train.Classes).Pixels, ort.Pixels, 1e-5f);
    }

    private static ConditionalGan Copy(ConditionalGan gan)
    {
        using var file = new MemoryStream();
        gan.Save(file);
        file.Position = 0;
        return ConditionalGan.Load(file);
    }
}
