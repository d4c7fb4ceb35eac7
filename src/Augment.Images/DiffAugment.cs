using Augment.Synthesis;
using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>The operations of <see cref="DiffAugment"/>.</summary>
[Flags]
public enum DiffAugmentPolicy
{
    /// <summary>No change.</summary>
    None = 0,

    /// <summary>Adds one value in [−0.5, 0.5) to every pixel of an image.</summary>
    Brightness = 1,

    /// <summary>Scales an image's deviation from its mean by a factor in [0.5, 1.5).</summary>
    Contrast = 2,

    /// <summary>Shifts an image by up to ⅛ of its side in each direction (zero padding).</summary>
    Translation = 4,

    /// <summary>Zeroes a square of half the side at a random place (it may reach past the border).</summary>
    Cutout = 8,

    /// <summary>Translation and cutout: the paper's choice for small data sets.</summary>
    TranslationCutout = Translation | Cutout,

    /// <summary>All four.</summary>
    All = Brightness | Contrast | Translation | Cutout,
}

/// <summary>
/// Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training"): one
/// draw of random parameters per image, applied in the order brightness, contrast, translation, cutout. For fixed
/// parameters every operation is affine in the pixels, so <see cref="Backward"/> is exact and the generator learns
/// through the augmentation. The discriminator sees only augmented images, real and fake alike, so it cannot memorise
/// a small training set and the augmentation does not leak into the generated images.
/// </summary>
public sealed class DiffAugment
{
    private readonly ImageShape shape;
    private readonly float[] brightness;
    private readonly float[] contrast;
    private readonly int[] shiftY;
    private readonly int[] shiftX;
    private readonly int[] cutY;
    private readonly int[] cutX;
    private readonly int cutSize;
    private readonly DiffAugmentPolicy policy;

    private DiffAugment(ImageShape shape, int n, DiffAugmentPolicy policy)
    {
        this.shape = shape;
        this.policy = policy;
        brightness = new float[n];
        contrast = new float[n];
        shiftY = new int[n];
        shiftX = new int[n];
        cutY = new int[n];
        cutX = new int[n];
        cutSize = Math.Max(1, shape.Height / 2);
    }

    /// <summary>Gets the number of images the draw is for.</summary>
    public int Count => brightness.Length;

    /// <summary>Draws the parameters for a batch of <paramref name="n"/> images.</summary>
    /// <param name="n">Images in the batch.</param>
    /// <param name="shape">Their shape.</param>
    /// <param name="policy">The operations to apply.</param>
    /// <param name="random">The seeded source.</param>
    public static DiffAugment Draw(int n, ImageShape shape, DiffAugmentPolicy policy, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var draw = new DiffAugment(shape, n, policy);
        int maxY = (int)((shape.Height / 8.0) + 0.5), maxX = (int)((shape.Width / 8.0) + 0.5);
        for (var i = 0; i < n; i++)
        {
            draw.brightness[i] = policy.HasFlag(DiffAugmentPolicy.Brightness) ? (float)(random.NextOpenUnit() - 0.5) : 0f;
            draw.contrast[i] = policy.HasFlag(DiffAugmentPolicy.Contrast) ? (float)(random.NextOpenUnit() + 0.5) : 1f;
            if (policy.HasFlag(DiffAugmentPolicy.Translation))
            {
                draw.shiftY[i] = Uniform(random, -maxY, maxY);
                draw.shiftX[i] = Uniform(random, -maxX, maxX);
            }

            if (policy.HasFlag(DiffAugmentPolicy.Cutout))
            {
                var half = draw.cutSize / 2;
                draw.cutY[i] = Uniform(random, -half, shape.Height - half - 1);
                draw.cutX[i] = Uniform(random, -half, shape.Width - half - 1);
            }
        }

        return draw;
    }

    /// <summary>Applies the drawn augmentation.</summary>
    /// <param name="input">A batch of <see cref="Count"/> images of the shape drawn for.</param>
    /// <returns>A new batch of the same shape.</returns>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input);
        var output = shape.NewBatch(Count);
        var colour = new float[shape.Size];
        for (var i = 0; i < Count; i++)
        {
            var x = input.Data.AsSpan(i * shape.Size, shape.Size);
            var mean = policy.HasFlag(DiffAugmentPolicy.Contrast) ? Mean(x) : 0f;
            for (var p = 0; p < colour.Length; p++)
            {
                var v = x[p] + brightness[i];
                colour[p] = ((v - (mean + brightness[i])) * contrast[i]) + mean + brightness[i];
            }

            Move(colour, output.Data.AsSpan(i * shape.Size, shape.Size), i, forward: true);
        }

        return output;
    }

    /// <summary>Back-propagates ∂L/∂output of <see cref="Forward"/> to ∂L/∂input.</summary>
    /// <param name="gradOutput">Shaped like the output.</param>
    public Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        Check(gradOutput);
        var gradInput = shape.NewBatch(Count);
        var moved = new float[shape.Size];
        for (var i = 0; i < Count; i++)
        {
            Array.Clear(moved);
            Move(gradOutput.Data.AsSpan(i * shape.Size, shape.Size), moved, i, forward: false);

            // y = c·(x − m) + m + b with m the image mean: ∂L/∂x_p = c·g_p + (1 − c)·mean(g).
            var c = contrast[i];
            var meanG = policy.HasFlag(DiffAugmentPolicy.Contrast) ? Mean(moved) : 0f;
            var target = gradInput.Data.AsSpan(i * shape.Size, shape.Size);
            for (var p = 0; p < moved.Length; p++)
            {
                target[p] = (c * moved[p]) + ((1f - c) * meanG);
            }
        }

        return gradInput;
    }

    /// <summary>Translation then cutout (forward), or its adjoint (backward: output pixels gathered back to their source).</summary>
    private void Move(ReadOnlySpan<float> source, Span<float> target, int i, bool forward)
    {
        int h = shape.Height, w = shape.Width, plane = shape.Plane;
        for (var ch = 0; ch < shape.Channels; ch++)
        {
            for (var y = 0; y < h; y++)
            {
                var sy = y - shiftY[i];
                if (sy < 0 || sy >= h)
                {
                    continue;
                }

                for (var x = 0; x < w; x++)
                {
                    var sx = x - shiftX[i];
                    if (sx < 0 || sx >= w || Cut(i, y, x))
                    {
                        continue;
                    }

                    var outIndex = (ch * plane) + (y * w) + x;
                    var inIndex = (ch * plane) + (sy * w) + sx;
                    if (forward)
                    {
                        target[outIndex] = source[inIndex];
                    }
                    else
                    {
                        target[inIndex] += source[outIndex];
                    }
                }
            }
        }
    }

    private bool Cut(int i, int y, int x) =>
        policy.HasFlag(DiffAugmentPolicy.Cutout) && y >= cutY[i] && y < cutY[i] + cutSize && x >= cutX[i] && x < cutX[i] + cutSize;

    private void Check(Tensor t)
    {
        if (t.Length != Count * shape.Size)
        {
            throw new ArgumentException($"DiffAugment was drawn for {Count} images of {shape}, got a tensor of {t.Length} values.", nameof(t));
        }
    }

    private static float Mean(ReadOnlySpan<float> x) => System.Numerics.Tensors.TensorPrimitives.Sum(x) / x.Length;

    private static int Uniform(RandomSource random, int low, int high) => low + (int)(random.NextUInt64() % (ulong)(high - low + 1));
}
