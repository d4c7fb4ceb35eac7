using Augment.Tensors.Losses;

namespace Augment.Tensors.Tests.Losses;

public class LossTests
{
    [Fact]
    public void Mse_Gradient_MatchesFiniteDifferences()
    {
        var p = TestData.Matrix(4, 3, 1);
        var t = TestData.Matrix(4, 3, 2);
        var result = Loss.Mse(p, t);
        Assert.Equal(p.Data.Zip(t.Data, (a, b) => (a - b) * (a - b)).Average(), result.Value, 5);
        GradCheck.Function(x => Loss.Mse(x, t).Value, p, result.Gradient);
    }

    [Fact]
    public void CrossEntropyWithLogits_Gradient_MatchesFiniteDifferences()
    {
        var logits = TestData.Matrix(5, 4, 3, 3f);
        int[] labels = [0, 3, 1, 1, 2];
        var result = Loss.CrossEntropyWithLogits(logits, labels);
        GradCheck.Function(x => Loss.CrossEntropyWithLogits(x, labels).Value, logits, result.Gradient);
    }

    [Fact]
    public void CrossEntropyWithLogits_UniformLogits_IsLogOfClassCount()
    {
        var result = Loss.CrossEntropyWithLogits(new Tensor(3, 4), [0, 1, 2]);
        Assert.Equal(Math.Log(4), result.Value, 5);
    }

    [Fact]
    public void CrossEntropyWithLogits_LabelOutOfRange_Throws() =>
        Assert.Throws<ArgumentException>(() => Loss.CrossEntropyWithLogits(new Tensor(2, 3), [0, 3]));

    [Fact]
    public void GaussianNll_GradientsForMeanAndLogSigma_MatchFiniteDifferences()
    {
        var mu = TestData.Matrix(3, 4, 4);
        var logSigma = TestData.Matrix(3, 4, 5, 0.5f);
        var target = TestData.Matrix(3, 4, 6);
        var gls = new Tensor(3, 4);
        var result = Loss.GaussianNll(mu, logSigma, target, gls);
        GradCheck.Function(x => Loss.GaussianNll(x, logSigma, target, new Tensor(3, 4)).Value, mu, result.Gradient);
        GradCheck.Function(x => Loss.GaussianNll(mu, x, target, new Tensor(3, 4)).Value, logSigma, gls);
    }

    [Fact]
    public void GaussianNll_StandardNormalAtMean_IsHalfLog2PiPerValue()
    {
        var result = Loss.GaussianNll(new Tensor(2, 3), new Tensor(2, 3), new Tensor(2, 3), new Tensor(2, 3));
        Assert.Equal(3 * 0.5 * Math.Log(2 * Math.PI), result.Value, 5);
    }

    [Fact]
    public void KlStandardNormal_GradientsMatchFiniteDifferences_AndZeroAtPrior()
    {
        var mu = TestData.Matrix(3, 4, 7);
        var logVar = TestData.Matrix(3, 4, 8);
        var glv = new Tensor(3, 4);
        var result = Loss.KlStandardNormal(mu, logVar, glv);
        GradCheck.Function(x => Loss.KlStandardNormal(x, logVar, new Tensor(3, 4)).Value, mu, result.Gradient);
        GradCheck.Function(x => Loss.KlStandardNormal(mu, x, new Tensor(3, 4)).Value, logVar, glv);
        Assert.Equal(0f, Loss.KlStandardNormal(new Tensor(2, 2), new Tensor(2, 2), new Tensor(2, 2)).Value);
    }

    [Fact]
    public void GumbelSoftmax_Gradient_MatchesFiniteDifferencesWithFixedNoise()
    {
        var logits = TestData.Matrix(3, 6, 9);
        var r = TestData.Matrix(3, 6, 10);
        double L(Tensor x)
        {
            var y = new GumbelSoftmax().Forward(x, 1, 4, 0.5f, new Random(3));
            return y.Data.Zip(r.Data, (a, b) => (double)a * b).Sum();
        }

        var gs = new GumbelSoftmax();
        gs.Forward(logits, 1, 4, 0.5f, new Random(3));
        GradCheck.Function(L, logits, gs.Backward(r));
    }

    [Fact]
    public void GumbelSoftmax_GroupRowsSumToOne_OtherColumnsUnchanged_SeedReproduces()
    {
        var logits = TestData.Matrix(4, 6, 11);
        var y = new GumbelSoftmax().Forward(logits, 2, 3, 0.2f, new Random(5));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1f, y[i, 2] + y[i, 3] + y[i, 4], 4);
            Assert.Equal(logits[i, 0], y[i, 0]);
            Assert.Equal(logits[i, 5], y[i, 5]);
        }

        Assert.Equal(y.Data, new GumbelSoftmax().Forward(logits, 2, 3, 0.2f, new Random(5)).Data);
    }
}

public class SoftmaxTests
{
    [Fact]
    public void Compute_HugeLogits_StaysFiniteAndSumsToOne()
    {
        float[] x = [1000f, 999f, -1000f];
        var p = new float[3];
        Augment.Tensors.Ops.Softmax.Compute(x, p);
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, p.Sum(), 5);
        Assert.Equal(1f / (1f + MathF.Exp(-1f)), p[0], 5);
    }
}
