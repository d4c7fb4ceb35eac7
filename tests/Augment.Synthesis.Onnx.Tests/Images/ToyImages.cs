using Augment.Images;
using Augment.Tensors.Layers;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>The toy images the generators train on here, and an ONNX Runtime session on a generator's exported graph.</summary>
internal static class ToyImages
{
    private static readonly Lazy<ImageSet> Train = new(() => ThreeColours(90, seed: 4));
    private static readonly Lazy<ConditionalVae> TrainedVae = new(() =>
        ConditionalVae.Train(Train.Value, new VaeOptions(Seed: 5, Epochs: 1, MinSteps: 60, BatchSize: 16, Latent: 6, Classic: false)));
    private static readonly Lazy<ConditionalGan> TrainedGan = new(() =>
        ConditionalGan.Train(Train.Value, new GanOptions(Seed: 7, Steps: 40, BatchSize: 16, Latent: 6, Width: 8)));

    /// <summary>Gets the class names of the toy images.</summary>
    public static IReadOnlyList<string> Classes => Train.Value.Classes;

    /// <summary>Gets a VAE trained briefly on the toy images (once per test run).</summary>
    public static ConditionalVae Vae => TrainedVae.Value;

    /// <summary>Gets a GAN trained briefly on the toy images (once per test run).</summary>
    public static ConditionalGan Gan => TrainedGan.Value;

    /// <summary>The trained generator of a kind: <c>vae</c> or <c>gan</c>.</summary>
    public static IImageGenerator Generator(string kind) => kind == "gan" ? Gan : Vae;

    /// <summary>RGB 12×12 images: class c is bright in colour channel c, with noise.</summary>
    public static ImageSet ThreeColours(int n, int seed)
    {
        var shape = new ImageShape(3, 12, 12);
        var random = new Random(seed);
        var pixels = new float[n * shape.Size];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 3;
            for (var p = 0; p < shape.Size; p++)
            {
                var bright = p / shape.Plane == labels[i];
                pixels[(i * shape.Size) + p] = Math.Clamp((bright ? 0.8f : 0.1f) + (0.1f * (float)random.NextDouble()), 0f, 1f);
            }
        }

        return new ImageSet(shape, pixels, labels, ["red", "green", "blue"]);
    }

    /// <summary>A CPU session on the generator's exported sampling network.</summary>
    public static OnnxNetworkEngine Engine(IImageGenerator generator)
    {
        using var graph = new MemoryStream();
        generator.ExportOnnx(graph);
        return OnnxNetworkEngine.Create(graph.ToArray(), generator.NetworkInputWidth, generator.Shape.Size, new OnnxEngineOptions { Provider = OnnxProviderPreference.Cpu });
    }
}
