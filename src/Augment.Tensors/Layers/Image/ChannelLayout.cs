namespace Augment.Tensors.Layers;

/// <summary>Moves between NCHW batches and "position rows" ([N·H·W, C], one row per pixel of every example), the
/// layout a GEMM against a C-wide weight matrix reads and writes.</summary>
internal static class ChannelLayout
{
    /// <summary>rows[(n·P + p)·C + c] = images[n·C·P + c·P + p].</summary>
    public static void ToRows(float[] images, int examples, int channels, int plane, float[] rows)
    {
        for (var n = 0; n < examples; n++)
        {
            var image = images.AsSpan(n * channels * plane, channels * plane);
            var block = rows.AsSpan(n * channels * plane, channels * plane);
            for (var c = 0; c < channels; c++)
            {
                var source = image.Slice(c * plane, plane);
                for (var p = 0; p < plane; p++)
                {
                    block[(p * channels) + c] = source[p];
                }
            }
        }
    }

    /// <summary>The inverse of <see cref="ToRows"/>, adding <paramref name="bias"/>[c] to every pixel of channel c when given.</summary>
    public static void FromRows(float[] rows, int examples, int channels, int plane, float[] images, ReadOnlySpan<float> bias = default)
    {
        for (var n = 0; n < examples; n++)
        {
            var block = rows.AsSpan(n * channels * plane, channels * plane);
            var image = images.AsSpan(n * channels * plane, channels * plane);
            for (var c = 0; c < channels; c++)
            {
                var target = image.Slice(c * plane, plane);
                var b = bias.IsEmpty ? 0f : bias[c];
                for (var p = 0; p < plane; p++)
                {
                    target[p] = block[(p * channels) + c] + b;
                }
            }
        }
    }

    /// <summary>Adds the sum of every pixel of channel c, over the batch, to <paramref name="sums"/>[c].</summary>
    public static void AccumulateChannelSums(float[] images, int examples, int channels, int plane, Span<float> sums)
    {
        for (var n = 0; n < examples; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                double s = 0;
                foreach (var v in images.AsSpan(((n * channels) + c) * plane, plane))
                {
                    s += v;
                }

                sums[c] += (float)s;
            }
        }
    }
}
