using Augment.Tensors.Layers;
using Augment.Tensors.Losses;
using Augment.Tensors.Optim;

namespace Augment.Tensors.Tests.Optim;

public class OptimizerTests
{
    [Fact]
    public void Adam_FitsALinearRegression()
    {
        var rng = new Random(1);
        var x = TestData.Matrix(64, 3, 2);
        var y = new Tensor(64, 1);
        for (var i = 0; i < 64; i++)
        {
            y[i, 0] = (2f * x[i, 0]) - x[i, 1] + (0.5f * x[i, 2]) + 0.3f;
        }

        var layer = new Linear(3, 1, rng);
        var adam = new Adam(layer.Parameters(), 0.05f);
        float last = 0;
        for (var step = 0; step < 500; step++)
        {
            adam.ZeroGrad();
            var loss = Loss.Mse(layer.Forward(x), y);
            layer.Backward(loss.Gradient);
            adam.Step();
            last = loss.Value;
        }

        Assert.True(last < 1e-4, $"final MSE {last}");
        Assert.Equal(2f, layer.Weight.Value.Data[0], 2);
        Assert.Equal(0.3f, layer.Bias.Value.Data[0], 2);
    }

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0.01f, false)]
    [InlineData(0.01f, true)]
    public void Adam_VectorisedStep_GivesTheTextbookUpdateBitForBit(float decay, bool decoupled)
    {
        // 37 values: whole vectors and a scalar tail. The textbook loop below is the update Adam documents.
        const float lr = 2e-3f, b1 = 0.5f, b2 = 0.9f, eps = 1e-8f;
        var w = TestData.Uniform(37, 3);
        var parameter = new Parameter("w", new Tensor((float[])w.Clone(), 37));
        var adam = new Adam([parameter], lr, b1, b2, eps, decay, decoupled);
        var m = new float[37];
        var v = new float[37];
        for (var step = 1; step <= 5; step++)
        {
            var g = TestData.Uniform(37, 10 + step);
            g.CopyTo(parameter.Grad.Data, 0);
            adam.Step();
            var c1 = 1f - MathF.Pow(b1, step);
            var c2 = 1f - MathF.Pow(b2, step);
            for (var i = 0; i < 37; i++)
            {
                var gi = g[i];
                if (decoupled)
                {
                    w[i] -= lr * decay * w[i];
                }
                else
                {
                    gi += decay * w[i];
                }

                m[i] = (b1 * m[i]) + ((1f - b1) * gi);
                v[i] = (b2 * v[i]) + ((1f - b2) * gi * gi);
                w[i] -= lr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + eps);
            }

            Assert.Equal(w, parameter.Value.Data);
        }
    }

    [Fact]
    public void AdamW_ZeroGradient_ShrinksWeightsByLrTimesDecay_AdamL2DoesNot()
    {
        var p1 = new Parameter("w", new Tensor([1f, -2f], 2));
        var p2 = new Parameter("w", new Tensor([1f, -2f], 2));
        new Adam([p1], 0.1f, weightDecay: 0.5f, decoupled: true).Step();
        new Adam([p2], 0.1f, weightDecay: 0.5f, decoupled: false).Step();

        // AdamW: w·(1 − lr·λ) and no Adam step (zero gradient); Adam+L2: a full normalised step of lr towards 0.
        Assert.Equal(0.95f, p1.Value.Data[0], 5);
        Assert.Equal(-1.9f, p1.Value.Data[1], 5);
        Assert.Equal(0.9f, p2.Value.Data[0], 4);
        Assert.Equal(-1.9f, p2.Value.Data[1], 4);
    }

    [Fact]
    public void ClipByNorm_ScalesToMaxNorm_AndReturnsOriginalNorm()
    {
        var a = new Parameter("a", new Tensor(2));
        var b = new Parameter("b", new Tensor(1));
        a.Grad.Data[0] = 3f;
        a.Grad.Data[1] = 0f;
        b.Grad.Data[0] = 4f;
        var norm = GradClip.ClipByNorm([a, b], 1f);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, a.Grad.Data[0], 4);
        Assert.Equal(0.8f, b.Grad.Data[0], 4);
        GradClip.ClipByNorm([a, b], 10f);
        Assert.Equal(0.6f, a.Grad.Data[0], 4);
    }

    [Fact]
    public void Schedules_CosineAndStep_HaveTheDocumentedValues()
    {
        var cosine = LearningRateSchedule.Cosine(1f, total: 110, warmup: 10, minRate: 0.1f);
        Assert.Equal(0.1f, cosine.At(0), 5);
        Assert.Equal(1f, cosine.At(9), 5);
        Assert.Equal(1f, cosine.At(10), 5);
        Assert.Equal(0.55f, cosine.At(60), 4);
        Assert.Equal(0.1f, cosine.At(110), 5);
        var step = LearningRateSchedule.Step(1f, 10, 0.5f);
        Assert.Equal(1f, step.At(9));
        Assert.Equal(0.5f, step.At(10));
        Assert.Equal(0.25f, step.At(25));
    }

    [Fact]
    public void Init_SameSeed_SameWeights_SchemesRespectBounds()
    {
        Assert.Equal(new Linear(10, 5, new Random(3)).Weight.Value.Data, new Linear(10, 5, new Random(3)).Weight.Value.Data);
        var kaiming = new Linear(24, 8, new Random(4), InitScheme.KaimingUniform);
        Assert.All(kaiming.Weight.Value.Data, w => Assert.InRange(Math.Abs(w), 0, Math.Sqrt(6.0 / 24)));
        Assert.All(kaiming.Bias.Value.Data, b => Assert.Equal(0f, b));
        var xavier = new Linear(24, 8, new Random(4), InitScheme.XavierUniform);
        Assert.All(xavier.Weight.Value.Data, w => Assert.InRange(Math.Abs(w), 0, Math.Sqrt(6.0 / 32)));
    }
}
