using System.Collections.Concurrent;
using Augment.Images;
using Augment.Synthesis.Neural;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>Either generator's sampling network (the VAE's decoder, the GAN's generator) exported to ONNX and sampled
/// through ONNX Runtime.</summary>
public sealed class ImageGeneratorOnnxTests
{
    [Theory]
    [InlineData("vae")]
    [InlineData("gan")]
    public void Sample_ThroughOnnxRuntime_EqualsOurForwardPass(string kind)
    {
        var generator = ToyImages.Generator(kind);
        using var engine = ToyImages.Engine(generator);

        // 600 images: three 256-image batches, run in parallel through the session.
        var ort = generator.Sample([250, 150, 200], seed: 9, ToyImages.Classes, engine);
        var own = generator.Sample([250, 150, 200], seed: 9, ToyImages.Classes);

        Assert.Equal(own.Labels, ort.Labels);
        OrtCheck.AssertClose(own.Pixels, ort.Pixels, 1e-5f);
        Assert.Equal(ExecutionProviderChoice.Cpu, engine.Provider.Provider);
    }

    [Theory]
    [InlineData("vae")]
    [InlineData("gan")]
    public void Sample_ThroughOnnxRuntime_SameSeedSameImages(string kind)
    {
        var generator = ToyImages.Generator(kind);
        using var engine = ToyImages.Engine(generator);

        var first = generator.Sample([100, 100, 100], seed: 21, ToyImages.Classes, engine);
        var second = generator.Sample([100, 100, 100], seed: 21, ToyImages.Classes, engine);
        var other = generator.Sample([100, 100, 100], seed: 22, ToyImages.Classes, engine);

        Assert.Equal(first.Pixels, second.Pixels);
        Assert.NotEqual(first.Pixels, other.Pixels);
    }

    [Theory]
    [InlineData("vae")]
    [InlineData("gan")]
    public void ExportOnnx_AfterSaveAndLoad_GivesTheTrainedModelsImages(string kind)
    {
        // The pipeline exports at train time and samples from the loaded model: both graphs compute the same images.
        var generator = ToyImages.Generator(kind);
        using var file = new MemoryStream();
        generator.Save(file);
        file.Position = 0;
        var loaded = ImageGenerators.Load(file);
        using var engine = ToyImages.Engine(loaded);

        var ort = loaded.Sample([40, 40, 40], seed: 3, ToyImages.Classes, engine);

        Assert.Equal(generator.GetType(), loaded.GetType());
        OrtCheck.AssertClose(generator.Sample([40, 40, 40], seed: 3, ToyImages.Classes).Pixels, ort.Pixels, 1e-5f);
    }

    [Theory]
    [InlineData("vae")]
    [InlineData("gan")]
    public void Sample_EngineInputs_AreTheSeededNoiseAndTheOneHotClass(string kind)
    {
        var generator = ToyImages.Generator(kind);
        var classes = ToyImages.Classes;
        using var ort = ToyImages.Engine(generator);
        var recorder = new RecordingEngine(ort);

        var images = generator.Sample([3, 0, 300], seed: 2, classes, recorder);

        var rows = recorder.Rows.OrderByDescending(r => r.Key).SelectMany(r => r.Value).ToList();
        Assert.Equal(303, rows.Count);
        var latent = generator.NetworkInputWidth - classes.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            var oneHot = rows[i][latent..];
            Assert.Equal(1f, oneHot[images.Labels[i]]);
            Assert.Equal(1f, oneHot.Sum());
        }

        // The noise is the seed's: a second draw sends the same rows, another seed different ones.
        var again = new RecordingEngine(ort);
        generator.Sample([3, 0, 300], seed: 2, classes, again);
        Assert.Equal(rows.SelectMany(r => r), again.Rows.OrderByDescending(r => r.Key).SelectMany(r => r.Value).SelectMany(r => r));
        Assert.True(rows.Select(r => r[0]).Distinct().Count() > 250, "z differs between images");
    }

    /// <summary>Passes each call to an engine and keeps its input rows by batch size (batches run in parallel and arrive
    /// in any order; 303 images are one full 256-image batch and then 47, so the larger batch is the first).</summary>
    private sealed class RecordingEngine(INetworkEngine inner) : INetworkEngine
    {
        public ConcurrentDictionary<int, float[][]> Rows { get; } = new();

        public void Forward(float[] input, int rows, float[] output)
        {
            inner.Forward(input, rows, output);
            var width = input.Length / rows;
            Assert.True(Rows.TryAdd(rows, [.. Enumerable.Range(0, rows).Select(i => input.AsSpan(i * width, width).ToArray())]));
        }
    }
}
