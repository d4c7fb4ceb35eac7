using Augment.Tensors.Layers;

namespace Augment.Tensors.Tests.Layers;

/// <summary>Convolution, transposed convolution, BatchNorm2d and resampling: forward passes against direct loops over
/// the definitions (PyTorch's), backward passes against finite differences.</summary>
public class ImageLayerTests
{
    public static TheoryData<int, int, int, int, int> ConvCases => new()
    {
        // channels in, channels out, kernel, stride, padding
        { 1, 1, 1, 1, 0 },
        { 2, 3, 3, 1, 1 },
        { 3, 2, 3, 2, 1 },
        { 2, 4, 4, 2, 1 },
        { 1, 2, 5, 1, 2 },
        { 2, 2, 2, 3, 0 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2d_Forward_MatchesDirectConvolution(int cin, int cout, int k, int stride, int padding)
    {
        var shape = new ImageShape(cin, 7, 6);
        var conv = new Conv2d(shape, cout, k, new Random(3), stride, padding);
        var x = Batch(2, shape, 4);
        var y = conv.Forward(x);

        var oh = ((7 + (2 * padding) - k) / stride) + 1;
        var ow = ((6 + (2 * padding) - k) / stride) + 1;
        Assert.Equal(new[] { 2, cout, oh, ow }, y.Shape);
        var w = conv.Weight.Value.Data;
        for (var n = 0; n < 2; n++)
        {
            for (var o = 0; o < cout; o++)
            {
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        double sum = conv.Bias.Value.Data[o];
                        for (var c = 0; c < cin; c++)
                        {
                            for (var ki = 0; ki < k; ki++)
                            {
                                for (var kj = 0; kj < k; kj++)
                                {
                                    int ih = (i * stride) - padding + ki, iw = (j * stride) - padding + kj;
                                    if (ih >= 0 && ih < 7 && iw >= 0 && iw < 6)
                                    {
                                        sum += x.Data[(((n * cin) + c) * 42) + (ih * 6) + iw] * w[(((((o * cin) + c) * k) + ki) * k) + kj];
                                    }
                                }
                            }
                        }

                        Assert.Equal(sum, y.Data[(((((n * cout) + o) * oh) + i) * ow) + j], 4);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(2, 3, 3, 1, 1, 0)]
    [InlineData(3, 2, 4, 2, 1, 0)]
    [InlineData(2, 2, 3, 2, 1, 1)]
    [InlineData(1, 2, 2, 2, 0, 0)]
    public void ConvTranspose2d_Forward_MatchesScatterDefinition(int cin, int cout, int k, int stride, int padding, int outputPadding)
    {
        var shape = new ImageShape(cin, 4, 5);
        var deconv = new ConvTranspose2d(shape, cout, k, new Random(5), stride, padding, outputPadding);
        var x = Batch(2, shape, 6);
        var y = deconv.Forward(x);

        var oh = (3 * stride) - (2 * padding) + k + outputPadding;
        var ow = (4 * stride) - (2 * padding) + k + outputPadding;
        Assert.Equal(new[] { 2, cout, oh, ow }, y.Shape);
        var expected = new double[2 * cout * oh * ow];
        var w = deconv.Weight.Value.Data;
        for (var n = 0; n < 2; n++)
        {
            for (var o = 0; o < cout; o++)
            {
                for (var p = 0; p < oh * ow; p++)
                {
                    expected[(((n * cout) + o) * oh * ow) + p] = deconv.Bias.Value.Data[o];
                }
            }

            for (var c = 0; c < cin; c++)
            {
                for (var i = 0; i < 4; i++)
                {
                    for (var j = 0; j < 5; j++)
                    {
                        for (var o = 0; o < cout; o++)
                        {
                            for (var ki = 0; ki < k; ki++)
                            {
                                for (var kj = 0; kj < k; kj++)
                                {
                                    int yi = (i * stride) - padding + ki, yj = (j * stride) - padding + kj;
                                    if (yi >= 0 && yi < oh && yj >= 0 && yj < ow)
                                    {
                                        expected[(((((n * cout) + o) * oh) + yi) * ow) + yj] +=
                                            x.Data[(((n * cin) + c) * 20) + (i * 5) + j] * w[(((((c * cout) + o) * k) + ki) * k) + kj];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y.Data[i], 4);
        }
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2d_Gradients_MatchFiniteDifferences(int cin, int cout, int k, int stride, int padding)
    {
        var shape = new ImageShape(cin, 6, 5);
        GradCheck.Module(() => new Conv2d(shape, cout, k, new Random(7), stride, padding), Batch(2, shape, 8));
    }

    [Theory]
    [InlineData(2, 3, 3, 1, 1, 0)]
    [InlineData(3, 2, 4, 2, 1, 0)]
    [InlineData(2, 2, 3, 2, 1, 1)]
    public void ConvTranspose2d_Gradients_MatchFiniteDifferences(int cin, int cout, int k, int stride, int padding, int outputPadding)
    {
        var shape = new ImageShape(cin, 3, 4);
        GradCheck.Module(() => new ConvTranspose2d(shape, cout, k, new Random(9), stride, padding, outputPadding), Batch(2, shape, 10));
    }

    [Fact]
    public void Conv2d_LargeBatch_UsesTheBlockedGemmAndStillMatchesFiniteDifferences()
    {
        // 8 × 14 × 14 positions × 3·3·4 patch values: past the size where the GEMM switches to the packed, threaded path.
        var shape = new ImageShape(4, 14, 14);
        GradCheck.Module(() => new Conv2d(shape, 8, 3, new Random(1), 1, 1), Batch(8, shape, 2), tol: 3e-2, checkInput: false);
    }

    [Fact]
    public void ConvTranspose2d_IsTheAdjointOfConv2dWithTheSameWeights()
    {
        // <conv(x), y> = <x, convᵀ(y)>: the transposed convolution really is the transpose, not just a layer with the right shape.
        var shape = new ImageShape(3, 8, 8);
        var conv = new Conv2d(shape, 4, 4, new Random(2), stride: 2, padding: 1);
        var deconv = new ConvTranspose2d(conv.OutputShape, 3, 4, new Random(3), stride: 2, padding: 1);
        conv.Weight.Value.Data.CopyTo(deconv.Weight.Value.Data, 0);
        conv.Bias.Value.Clear();
        deconv.Bias.Value.Clear();
        Assert.Equal(shape, deconv.OutputShape);

        var x = Batch(2, shape, 4);
        var y = Batch(2, conv.OutputShape, 5);
        var left = Dot(conv.Forward(x).Data, y.Data);
        var right = Dot(x.Data, deconv.Forward(y).Data);
        Assert.Equal(left, right, 3);
    }

    [Fact]
    public void BatchNorm2d_Training_NormalisesEachChannelOverExamplesAndPixels()
    {
        var shape = new ImageShape(3, 4, 4);
        var bn = new BatchNorm2d(shape);
        var x = Batch(5, shape, 11, scale: 3f);
        var y = bn.Forward(x);
        for (var c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 5).SelectMany(n => y.Data.Skip(((n * 3) + c) * 16).Take(16)).Select(v => (double)v).ToArray();
            Assert.Equal(0, values.Average(), 4);
            Assert.Equal(1, values.Select(v => v * v).Average(), 3);
        }

        var raw = Enumerable.Range(0, 5).SelectMany(n => x.Data.Skip(n * 48).Take(16)).Select(v => (double)v).ToArray();
        var unbiased = raw.Select(v => (v - raw.Average()) * (v - raw.Average())).Sum() / (raw.Length - 1);
        Assert.Equal(0.1 * raw.Average(), bn.RunningMean.Data[0], 4);
        Assert.Equal(0.9 + (0.1 * unbiased), bn.RunningVar.Data[0], 4);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm2d_Gradients_MatchFiniteDifferences(bool training)
    {
        var shape = new ImageShape(2, 3, 3);
        GradCheck.Module(
            () =>
            {
                var bn = new BatchNorm2d(shape) { Training = training };
                bn.Gamma.Value.Data[0] = 1.5f;
                bn.Gamma.Value.Data[1] = 0.7f;
                bn.Beta.Value.Data[1] = -0.3f;
                bn.RunningMean.Data[0] = 0.2f;
                bn.RunningVar.Data[1] = 2f;
                return bn;
            },
            Batch(3, shape, 12, scale: 2f));
    }

    [Fact]
    public void Upsample2d_RepeatsPixelsAndSumsBlockGradients()
    {
        var shape = new ImageShape(1, 2, 2);
        var up = new Upsample2d(shape, 2);
        var y = up.Forward(new Tensor([1, 2, 3, 4], 1, 1, 2, 2));
        Assert.Equal(new float[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, y.Data);
        GradCheck.Module(() => new Upsample2d(new ImageShape(2, 3, 2), 2), Batch(2, new ImageShape(2, 3, 2), 13));
    }

    [Fact]
    public void AvgPool2d_AveragesBlocksAndSpreadsGradients()
    {
        var pool = new AvgPool2d(new ImageShape(1, 2, 4), 2);
        var y = pool.Forward(new Tensor([1, 2, 3, 4, 5, 6, 7, 8], 1, 1, 2, 4));
        Assert.Equal(new float[] { 3.5f, 5.5f }, y.Data);
        GradCheck.Module(() => new AvgPool2d(new ImageShape(2, 4, 2), 2), Batch(2, new ImageShape(2, 4, 2), 14));
        Assert.Throws<ArgumentException>(() => new AvgPool2d(new ImageShape(1, 3, 4), 2));
    }

    [Fact]
    public void ImageLayers_ChainAsAGeneratorAndDiscriminator_AndTrainOnFlatRows()
    {
        // A DCGAN-shaped pair: Linear → 8×7×7 → ConvTranspose to 4×14×14 → BatchNorm → ReLU → ConvTranspose to 1×28×28,
        // and Conv 1×28×28 → 4×14×14 → Linear, with flat [N, C·H·W] rows between them.
        var rng = new Random(1);
        var seed = new ImageShape(8, 7, 7);
        var up1 = new ConvTranspose2d(seed, 4, 4, rng, stride: 2, padding: 1);
        var up2 = new ConvTranspose2d(up1.OutputShape, 1, 4, rng, stride: 2, padding: 1);
        var generator = new Sequential(new Linear(10, seed.Size, rng), up1, new BatchNorm2d(up1.OutputShape), new ReLU(), up2, new Tanh());
        var down = new Conv2d(up2.OutputShape, 4, 4, rng, stride: 2, padding: 1);
        var critic = new Sequential(down, new LeakyReLU(0.2f), new Linear(down.OutputShape.Size, 1, rng));

        var images = generator.Forward(TestData.Matrix(6, 10, 3));
        Assert.Equal(new[] { 6, 1, 28, 28 }, images.Shape);
        var score = critic.Forward(images);
        Assert.Equal(new[] { 6, 1 }, score.Shape);
        var gradImages = critic.Backward(new Tensor(Enumerable.Repeat(1f, 6).ToArray(), 6, 1));
        var gradNoise = generator.Backward(gradImages);
        Assert.Equal(new[] { 6, 10 }, gradNoise.Shape);
        Assert.Contains(gradNoise.Data, v => v != 0f);
    }

    [Fact]
    public void Conv2d_WrongInputWidth_SaysWhatItExpects()
    {
        var conv = new Conv2d(new ImageShape(1, 28, 28), 2, 3, new Random(1));
        var e = Assert.Throws<ArgumentException>(() => conv.Forward(new Tensor(2, 100)));
        Assert.Contains("1×28×28 = 784", e.Message, StringComparison.Ordinal);
    }

    private static Tensor Batch(int n, ImageShape shape, int seed, float scale = 1f) =>
        new(TestData.Uniform(n * shape.Size, seed, scale), n, shape.Channels, shape.Height, shape.Width);

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
