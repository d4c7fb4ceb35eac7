using System.Collections.Concurrent;
using Augment.Images;
using Augment.Synthesis.Neural;
using Augment.Tensors.Layers;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>The conditional VAE's decoder exported to ONNX and sampled through ONNX Runtime.</summary>
public sealed class ConditionalVaeOnnxTests
{
    private static readonly Lazy<(ConditionalVae Vae, ImageSet Train)> Trained = new(() =>
    {
        var train = ToyImages.ThreeColours(90, seed: 4);
        return (ConditionalVae.Train(train, new VaeOptions(Seed: 5, Epochs: 1, MinSteps: 60, BatchSize: 16, Latent: 6, Classic: false)), train);
    });

    [Fact]
    public void Sample_ThroughOnnxRuntime_EqualsOurForwardPass()
    {
        var (vae, train) = Trained.Value;
        using var engine = ToyImages.Engine(vae);

        // 600 images: three 256-image batches, run in parallel through the session.
        var ort = vae.Sample([250, 150, 200], seed: 9, train.Classes, engine);
        var own = vae.Sample([250, 150, 200], seed: 9, train.Classes);

        Assert.Equal(own.Labels, ort.Labels);
        OrtCheck.AssertClose(own.Pixels, ort.Pixels, 1e-5f);
        Assert.Equal(ExecutionProviderChoice.Cpu, engine.Provider.Provider);
    }

    [Fact]
    public void Sample_ThroughOnnxRuntime_SameSeedSameImages()
    {
        var (vae, train) = Trained.Value;
        using var engine = ToyImages.Engine(vae);

        var first = vae.Sample([100, 100, 100], seed: 21, train.Classes, engine);
        var second = vae.Sample([100, 100, 100], seed: 21, train.Classes, engine);
        var other = vae.Sample([100, 100, 100], seed: 22, train.Classes, engine);

        Assert.Equal(first.Pixels, second.Pixels);
        Assert.NotEqual(first.Pixels, other.Pixels);
    }

    [Fact]
    public void Sample_EngineInputs_AreTheSeededNoiseAndTheOneHotClass()
    {
        var (vae, train) = Trained.Value;
        using var ort = ToyImages.Engine(vae);
        var recorder = new RecordingEngine(ort);

        var images = vae.Sample([3, 0, 300], seed: 2, train.Classes, recorder);

        var rows = recorder.Rows.OrderByDescending(r => r.Key).SelectMany(r => r.Value).ToList();
        Assert.Equal(303, rows.Count);
        var latent = vae.NetworkInputWidth - train.Classes.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            var oneHot = rows[i][latent..];
            Assert.Equal(1f, oneHot[images.Labels[i]]);
            Assert.Equal(1f, oneHot.Sum());
        }

        // The noise is the seed's: a second draw sends the same rows, another seed different ones.
        var again = new RecordingEngine(ort);
        vae.Sample([3, 0, 300], seed: 2, train.Classes, again);
        Assert.Equal(rows.SelectMany(r => r), again.Rows.OrderByDescending(r => r.Key).SelectMany(r => r.Value).SelectMany(r => r));
        Assert.True(rows.Select(r => r[0]).Distinct().Count() > 250, "z differs between images");
    }

    [Fact]
    public void ExportDecoderOnnx_AfterLoad_GivesTheTrainedModelsImages()
    {
        // The pipeline exports at train time and samples from the loaded model: both graphs compute the same images.
        var (vae, train) = Trained.Value;
        using var file = new MemoryStream();
        vae.Save(file);
        file.Position = 0;
        var loaded = ConditionalVae.Load(file);
        using var engine = ToyImages.Engine(loaded);

        var ort = loaded.Sample([40, 40, 40], seed: 3, train.Classes, engine);

        OrtCheck.AssertClose(vae.Sample([40, 40, 40], seed: 3, train.Classes).Pixels, ort.Pixels, 1e-5f);
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
