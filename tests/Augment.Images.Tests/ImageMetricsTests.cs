using Augment.Tensors;

namespace Augment.Images.Tests;

public class ImageMetricsTests
{
    [Fact]
    public void Prdc_TwoDrawsOfOneDistribution_DensityNearOneCoverageNearTheory()
    {
        // Naeem et al. 2020: for two draws of one distribution, E[density] = 1 and E[coverage] = 1 − (1/2)^k ≈ 0.97 at k = 5.
        var real = Gaussian(2000, 8, seed: 1, shift: 0);
        var synthetic = Gaussian(2000, 8, seed: 2, shift: 0);
        var s = ImageMetrics.Prdc(real, synthetic, k: 5);
        Assert.InRange(s.Density, 0.9, 1.1);
        Assert.InRange(s.Coverage, 0.94, 0.995);
        Assert.InRange(s.Precision, 0.9, 1.0);
        Assert.InRange(s.Recall, 0.9, 1.0);
    }

    [Fact]
    public void Prdc_ShiftedOrCollapsedSynthetic_LosesPrecisionOrCoverage()
    {
        var real = Gaussian(1000, 4, seed: 1, shift: 0);
        var far = ImageMetrics.Prdc(real, Gaussian(1000, 4, seed: 2, shift: 3), k: 5);
        Assert.True(far.Precision < 0.5, $"precision {far.Precision}");
        Assert.True(far.Density < 0.3, $"density {far.Density}");

        // Mode collapse: every synthetic point near one real region → high precision, low coverage and recall.
        var collapsed = Gaussian(1000, 4, seed: 3, shift: 0);
        for (var i = 0; i < collapsed.Length; i++)
        {
            collapsed.Data[i] *= 0.1f;
        }

        var c = ImageMetrics.Prdc(real, collapsed, k: 5);
        Assert.True(c.Precision > 0.9, $"precision {c.Precision}");
        Assert.True(c.Coverage < 0.3, $"coverage {c.Coverage}");
        Assert.True(c.Recall < 0.3, $"recall {c.Recall}");
    }

    [Fact]
    public void FrechetDistance_SameSetIsZero_ShiftedGaussiansGiveTheMeanGap()
    {
        var a = Gaussian(4000, 6, seed: 4, shift: 0);
        Assert.Equal(0, ImageMetrics.FrechetDistance(a, a), 6);

        // Equal covariances: FD = ‖Δμ‖² = 6 · 0.5² = 1.5, up to sampling error.
        var b = Gaussian(4000, 6, seed: 5, shift: 0.5f);
        Assert.InRange(ImageMetrics.FrechetDistance(a, b), 1.3, 1.7);

        // Same mean, variance 4 instead of 1 per dimension: FD = Σ (1 + 4 − 2·2) = 6.
        var wide = Gaussian(4000, 6, seed: 6, shift: 0);
        for (var i = 0; i < wide.Length; i++)
        {
            wide.Data[i] *= 2f;
        }

        Assert.InRange(ImageMetrics.FrechetDistance(a, wide), 5.4, 6.6);
    }

    [Fact]
    public void KernelDistance_NearZeroForOneDistribution_PositiveForAShift()
    {
        var a = Gaussian(1000, 6, seed: 7, shift: 0);
        var same = ImageMetrics.KernelDistance(a, Gaussian(1000, 6, seed: 8, shift: 0), subsets: 3);
        var shifted = ImageMetrics.KernelDistance(a, Gaussian(1000, 6, seed: 9, shift: 1), subsets: 3);
        Assert.InRange(same, -0.05, 0.05);
        Assert.True(shifted > 0.5, $"KID {shifted}");
    }

    [Fact]
    public void Nearest_FindsTheClosestReferenceRow_AndCanSkipItself()
    {
        var reference = new Tensor([0, 0, 3, 4, 10, 0], 3, 2);
        var (d, i) = ImageMetrics.Nearest(new Tensor([2.9f, 4.2f, 9, 1], 2, 2), reference);
        Assert.Equal([1, 2], i);
        Assert.Equal(Math.Sqrt((0.1 * 0.1) + (0.2 * 0.2)), d[0], 4);
        var (self, at) = ImageMetrics.Nearest(reference, reference, skipSelf: true);
        Assert.Equal([1, 0, 1], at);
        Assert.Equal(5, self[0], 4);
    }

    [Fact]
    public void TInterval_AndPercentile_MatchHandComputedValues()
    {
        // Mean 2, sd 1, t(0.975, 2 df) = 4.3027: half-width 4.3027 / √3 = 2.4842.
        var (mean, low, high) = ImageMetrics.TInterval([1.0, 2.0, 3.0]);
        Assert.Equal(2, mean, 9);
        Assert.Equal(2 - 2.4842, low, 3);
        Assert.Equal(2 + 2.4842, high, 3);
        Assert.True(double.IsNaN(ImageMetrics.TInterval([5.0]).Low));
        Assert.Equal(3, ImageMetrics.Percentile([5.0, 1.0, 3.0, 4.0, 2.0], 0.5));
        Assert.Equal(1, ImageMetrics.Percentile([5.0, 1.0, 3.0, 4.0, 2.0], 0.01));
    }

    private static Tensor Gaussian(int n, int d, int seed, float shift)
    {
        var random = new Augment.Synthesis.RandomSource(seed);
        var t = new Tensor(n, d);
        random.FillNormal(t.Data);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] += shift;
        }

        return t;
    }
}
