using Augment.Tensors;

namespace Augment.Tensors.Tests;

internal static class TestData
{
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(((rng.NextDouble() * 2) - 1) * scale);
        }

        return data;
    }

    public static Tensor Matrix(int rows, int cols, int seed, float scale = 1f) => new(Uniform(rows * cols, seed, scale), rows, cols);
}
