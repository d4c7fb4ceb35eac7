using Augment.Synthesis;

namespace Augment.Images;

/// <summary>
/// The classic augmentation the generative arms are compared with (and stacked on): a horizontal flip with probability
/// ½ and a shift of up to <see cref="MaxShift"/> pixels in each direction (edges padded with zeros), drawn per image.
/// </summary>
public static class ClassicAugmentation
{
    /// <summary>The largest shift in pixels.</summary>
    public const int MaxShift = 2;

    /// <summary>Writes a randomly flipped and shifted copy of every image of <paramref name="batch"/> into <paramref name="output"/>.</summary>
    /// <param name="batch">Images [n, C, H, W] as flat values.</param>
    /// <param name="output">The destination, same length.</param>
    /// <param name="shape">The image shape.</param>
    /// <param name="random">The seeded source.</param>
    public static void Apply(ReadOnlySpan<float> batch, Span<float> output, Augment.Tensors.Layers.ImageShape shape, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var n = batch.Length / shape.Size;
        output.Clear();
        for (var i = 0; i < n; i++)
        {
            var flip = (random.NextUInt64() & 1) == 1;
            var dy = (int)(random.NextUInt64() % ((2 * MaxShift) + 1)) - MaxShift;
            var dx = (int)(random.NextUInt64() % ((2 * MaxShift) + 1)) - MaxShift;
            for (var c = 0; c < shape.Channels; c++)
            {
                var source = batch.Slice((i * shape.Size) + (c * shape.Plane), shape.Plane);
                var target = output.Slice((i * shape.Size) + (c * shape.Plane), shape.Plane);
                for (var y = 0; y < shape.Height; y++)
                {
                    var sy = y - dy;
                    if (sy < 0 || sy >= shape.Height)
                    {
                        continue;
                    }

                    for (var x = 0; x < shape.Width; x++)
                    {
                        var sx = x - dx;
                        if (sx < 0 || sx >= shape.Width)
                        {
                            continue;
                        }

                        target[(y * shape.Width) + x] = source[(sy * shape.Width) + (flip ? shape.Width - 1 - sx : sx)];
                    }
                }
            }
        }
    }
}
