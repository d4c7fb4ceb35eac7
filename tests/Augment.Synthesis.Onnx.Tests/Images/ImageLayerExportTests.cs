using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Synthesis.Onnx.Tests.Images;

/// <summary>Each image layer, exported by <c>OnnxExporter</c> and run in ONNX Runtime, computes our forward pass.</summary>
public sealed class ImageLayerExportTests
{
    [Theory]
    [InlineData(1, 8, 4, 3, 1, 1)]
    [InlineData(3, 9, 5, 4, 2, 1)]
    [InlineData(2, 7, 3, 3, 2, 0)]
    [InlineData(2, 6, 4, 5, 1, 2)]
    public void Export_Conv2d_MatchesOurForwardPass(int channels, int side, int outChannels, int kernel, int stride, int padding)
    {
        var conv = new Conv2d(new ImageShape(channels, side, side), outChannels, kernel, new Random(1), stride, padding);

        OrtCheck.AssertMatches(conv, OrtCheck.Random(2, 7, channels, side, side));
    }

    [Theory]
    [InlineData(4, 4, 3, 4, 2, 1, 0)]
    [InlineData(3, 5, 2, 3, 2, 1, 1)]
    [InlineData(2, 3, 4, 3, 1, 0, 0)]
    [InlineData(2, 4, 3, 5, 3, 2, 2)]
    public void Export_ConvTranspose2d_MatchesOurForwardPass(int channels, int side, int outChannels, int kernel, int stride, int padding, int outputPadding)
    {
        var up = new ConvTranspose2d(new ImageShape(channels, side, side), outChannels, kernel, new Random(3), stride, padding, outputPadding);

        OrtCheck.AssertMatches(up, OrtCheck.Random(4, 7, channels, side, side));
    }

    [Fact]
    public void Export_BatchNorm2d_UsesTheRunningStatistics()
    {
        var shape = new ImageShape(3, 5, 4);
        var norm = new BatchNorm2d(shape, eps: 1e-3f);
        float[] mean = [0.5f, -1f, 2f], variance = [0.25f, 4f, 1.5f], gamma = [1.5f, -0.5f, 2f], beta = [0.1f, 0.2f, -0.3f];
        mean.CopyTo(norm.RunningMean.Data, 0);
        variance.CopyTo(norm.RunningVar.Data, 0);
        gamma.CopyTo(norm.Gamma.Value.Data, 0);
        beta.CopyTo(norm.Beta.Value.Data, 0);
        var input = OrtCheck.Random(5, 6, 3, 5, 4);

        OrtCheck.AssertMatches(norm, input);
        // Not the identity: statistics and eps took effect (channel 1 is scaled by −0.5 / √(4 + 1e-3)).
        var expected = ((input.Data[20] + 1f) / MathF.Sqrt(4.001f) * -0.5f) + 0.2f;
        Assert.Equal(expected, norm.Forward(input).Data[20], 5);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Export_Upsample2d_MatchesOurForwardPass(int factor)
    {
        OrtCheck.AssertMatches(new Upsample2d(new ImageShape(2, 3, 5), factor), OrtCheck.Random(6, 4, 2, 3, 5));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Export_AvgPool2d_MatchesOurForwardPass(int factor)
    {
        OrtCheck.AssertMatches(new AvgPool2d(new ImageShape(3, 6, 12), factor), OrtCheck.Random(7, 5, 3, 6, 12));
    }

    [Fact]
    public void Export_MixedFlatAndImageNetwork_MatchesOurForwardPass()
    {
        // Flat → image → flat and back, residual blocks over images, a concatenation of feature maps and an image
        // output: the graph must insert exactly the reshapes our flat NCHW batches imply.
        var random = new Random(8);
        var seed = new ImageShape(8, 4, 4);
        var up = new ConvTranspose2d(seed, 6, 4, random, stride: 2, padding: 1);
        var shape = up.OutputShape;
        var pool = new AvgPool2d(shape, 2);
        var upsample = new Upsample2d(pool.OutputShape, 2);
        var same = new Conv2d(shape, 6, 3, random, padding: 1);
        var branch = new Conv2d(shape, 2, 3, random, padding: 1);
        var merged = new ImageShape(8, shape.Height, shape.Width);
        var down = new Conv2d(merged, 4, 4, random, stride: 2, padding: 1);
        var norm = new BatchNorm2d(shape);
        var network = new Sequential(
            new Linear(12, seed.Size, random), new ReLU(),
            up, norm, new LeakyReLU(0.2f),
            pool, upsample,
            new Residual(new Sequential(same, new Tanh())),
            new ConcatResidual(branch),
            down, new SiLU(),
            new Linear(down.OutputShape.Size, 20, random), new Sigmoid(), new Linear(20, down.OutputShape.Size, random),
            new Conv2d(down.OutputShape, 3, 3, random, padding: 1), new Dropout(0.5f, 1));
        // Running statistics that are not the initial (0, 1), from a few training batches.
        for (var i = 0; i < 3; i++)
        {
            network.Forward(OrtCheck.Random(20 + i, 16, 12));
        }

        OrtCheck.AssertMatches(network, OrtCheck.Random(9, 10, 12));
        Assert.NotEqual(0f, norm.RunningMean.Data[0]);
    }
}
