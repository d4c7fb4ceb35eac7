using Augment.Images;
using Augment.Tensors.Layers;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>What is particular to the GAN's exported generator (what both share: <see cref="ImageGeneratorOnnxTests"/>).</summary>
public sealed class ConditionalGanOnnxTests
{
    [Fact]
    public void ExportOnnx_BatchNorm_IsTheRunningStatisticsFormSamplingUses()
    {
        // Training moved BatchNorm's running statistics off their start (0, 1), and normalising by the batch's own
        // statistics gives other images: the graph must match evaluation mode, not training mode.
        var gan = Copy(ToyImages.Gan);
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

    private static ConditionalGan Copy(ConditionalGan gan)
    {
        using var file = new MemoryStream();
        gan.Save(file);
        file.Position = 0;
        return ConditionalGan.Load(file);
    }
}
