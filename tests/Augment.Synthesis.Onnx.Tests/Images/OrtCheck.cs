using Augment.Tensors;
using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>Exports a module, runs the graph in ONNX Runtime (CPU) and compares it with our forward pass.</summary>
internal static class OrtCheck
{
    /// <summary>ONNX Runtime's output for <paramref name="input"/> through the exported <paramref name="module"/>.</summary>
    public static float[] Run(Module module, Tensor input, int outputWidth)
    {
        using var graph = new MemoryStream();
        OnnxExporter.Export(module, input.Columns, graph);
        using var engine = OnnxNetworkEngine.Create(graph.ToArray(), input.Columns, outputWidth, new OnnxEngineOptions { Provider = OnnxProviderPreference.Cpu });
        var output = new float[input.Rows * outputWidth];
        engine.Forward(input.Data, input.Rows, output);
        return output;
    }

    /// <summary>Our forward pass (evaluation mode) and ONNX Runtime's agree to 1e-5 (absolute, relative above 1).</summary>
    public static void AssertMatches(Module module, Tensor input)
    {
        module.Training = false;
        var ours = module.Forward(input);
        var ort = Run(module, Flat(input), ours.Columns);
        AssertClose(ours.Data, ort, 1e-5f);
    }

    /// <summary>The batch as [rows, features] (our image batches may be [N, C, H, W]; the graph's input is flat).</summary>
    public static Tensor Flat(Tensor batch) => batch.Rank == 2 ? batch : new Tensor(batch.Data, batch.Rows, batch.Columns);

    /// <summary>Uniform values in [−2, 2), seeded.</summary>
    public static Tensor Random(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var t = new Tensor(shape);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return t;
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / Math.Max(1f, Math.Abs(expected[i])));
        }

        Assert.True(worst <= tolerance, $"largest difference {worst:G3}");
    }
}
