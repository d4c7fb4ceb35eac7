using Augment.Tensors.Gemm;

namespace Augment.Tensors.Layers;

/// <summary>
/// A square-kernel sliding window over an image: which input pixels each output position reads. Convolution runs as
/// one GEMM over "patch rows" (im2row: one row per output position of every example, C·k·k values in PyTorch's weight
/// order c, ki, kj), and the transposed convolution and both backward passes reuse the same two maps.
/// </summary>
internal sealed class ConvGeometry
{
    public ConvGeometry(ImageShape input, int kernel, int stride, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Input = input;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        OutHeight = ((input.Height + (2 * padding) - kernel) / stride) + 1;
        OutWidth = ((input.Width + (2 * padding) - kernel) / stride) + 1;
        if (input.Height + (2 * padding) < kernel || input.Width + (2 * padding) < kernel)
        {
            throw new ArgumentException($"A {kernel}×{kernel} kernel with padding {padding} does not fit a {input.Height}×{input.Width} image.");
        }
    }

    public ImageShape Input { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Output positions per example.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <summary>Values per patch row: C·k·k.</summary>
    public int PatchSize => Input.Channels * Kernel * Kernel;

    /// <summary>Writes the patch rows of every example: <paramref name="rows"/>[(n·P + p)·PatchSize + (c·k + ki)·k + kj].</summary>
    public void ImageToRows(float[] images, int examples, float[] rows)
    {
        Parallelise(examples, n => ImageToRows(images.AsSpan(n * Input.Size, Input.Size), rows.AsSpan(n * Positions * PatchSize, Positions * PatchSize)));
    }

    /// <summary>Adds every patch row back onto the pixels it was read from (the adjoint of <see cref="ImageToRows(float[], int, float[])"/>).</summary>
    public void RowsToImage(float[] rows, int examples, float[] images)
    {
        Parallelise(examples, n => RowsToImage(rows.AsSpan(n * Positions * PatchSize, Positions * PatchSize), images.AsSpan(n * Input.Size, Input.Size)));
    }

    /// <summary>Runs one job per example, in parallel when the batch is worth it; each job writes only its own example,
    /// so the result does not depend on the thread count.</summary>
    private void Parallelise(int examples, Action<int> job)
    {
        if (examples == 1 || (long)examples * Positions * PatchSize < 1 << 16)
        {
            for (var n = 0; n < examples; n++)
            {
                job(n);
            }

            return;
        }

        Parallel.For(0, examples, new ParallelOptions { MaxDegreeOfParallelism = Blas.MaxThreads }, job);
    }

    private void ImageToRows(ReadOnlySpan<float> image, Span<float> rows)
    {
        int k = Kernel, h = Input.Height, w = Input.Width, plane = Input.Plane;
        for (var oh = 0; oh < OutHeight; oh++)
        {
            for (var ow = 0; ow < OutWidth; ow++)
            {
                var row = rows.Slice(((oh * OutWidth) + ow) * PatchSize, PatchSize);
                int top = (oh * Stride) - Padding, left = (ow * Stride) - Padding;
                var at = 0;
                for (var c = 0; c < Input.Channels; c++)
                {
                    for (var ki = 0; ki < k; ki++)
                    {
                        var ih = top + ki;
                        if (ih < 0 || ih >= h)
                        {
                            row.Slice(at, k).Clear();
                            at += k;
                            continue;
                        }

                        var source = image.Slice((c * plane) + (ih * w), w);
                        for (var kj = 0; kj < k; kj++)
                        {
                            var iw = left + kj;
                            row[at++] = iw >= 0 && iw < w ? source[iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    private void RowsToImage(ReadOnlySpan<float> rows, Span<float> image)
    {
        int k = Kernel, h = Input.Height, w = Input.Width, plane = Input.Plane;
        for (var oh = 0; oh < OutHeight; oh++)
        {
            for (var ow = 0; ow < OutWidth; ow++)
            {
                var row = rows.Slice(((oh * OutWidth) + ow) * PatchSize, PatchSize);
                int top = (oh * Stride) - Padding, left = (ow * Stride) - Padding;
                var at = 0;
                for (var c = 0; c < Input.Channels; c++)
                {
                    for (var ki = 0; ki < k; ki++)
                    {
                        var ih = top + ki;
                        if (ih < 0 || ih >= h)
                        {
                            at += k;
                            continue;
                        }

                        var target = image.Slice((c * plane) + (ih * w), w);
                        for (var kj = 0; kj < k; kj++)
                        {
                            var iw = left + kj;
                            if (iw >= 0 && iw < w)
                            {
                                target[iw] += row[at];
                            }

                            at++;
                        }
                    }
                }
            }
        }
    }
}
