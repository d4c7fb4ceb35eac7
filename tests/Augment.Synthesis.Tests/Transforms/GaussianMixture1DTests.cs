using Augment.Synthesis.Transforms;

namespace Augment.Synthesis.Tests.Transforms;

public sealed class GaussianMixture1DTests
{
    private static double[] TwoModes(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = i % 4 == 0 ? 100 + (5 * normal) : -20 + normal; // weights 0.25 / 0.75
        }

        return values;
    }

    [Fact]
    public void Fit_TwoSeparatedModes_RecoversWeightsMeansAndSpreads()
    {
        var mixture = GaussianMixture1D.Fit(TwoModes(8000, 1), maxModes: 10, pruneBelow: 0.005, seed: 3);

        // Surplus modes may split a true mode, so compare the mass and moments on each side of 40.
        var low = Enumerable.Range(0, mixture.Modes).Where(j => mixture.Means[j] < 40).ToArray();
        var high = Enumerable.Range(0, mixture.Modes).Where(j => mixture.Means[j] >= 40).ToArray();
        Assert.InRange(low.Sum(j => mixture.Weights[j]), 0.73, 0.77);
        Assert.InRange(high.Sum(j => mixture.Weights[j]), 0.23, 0.27);
        Assert.InRange(low.Sum(j => mixture.Weights[j] * mixture.Means[j]) / low.Sum(j => mixture.Weights[j]), -20.2, -19.8);
        Assert.InRange(high.Sum(j => mixture.Weights[j] * mixture.Means[j]) / high.Sum(j => mixture.Weights[j]), 99, 101);
        Assert.All(mixture.Weights, w => Assert.True(w >= 0.005));
        Assert.Equal(1.0, mixture.Weights.Sum(), 9);
    }

    [Fact]
    public void Fit_OneModeAllowed_GivesSampleMeanAndDeviation()
    {
        var values = TwoModes(4000, 2);
        var mixture = GaussianMixture1D.Fit(values, maxModes: 1, pruneBelow: 0.005, seed: 0);

        var mean = values.Average();
        Assert.Equal(mean, mixture.Means[0], 6);
        Assert.Equal(Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), mixture.StandardDeviations[0], 6);
    }

    [Fact]
    public void Fit_SameSeed_SameMixture_DifferentSeedMayDiffer()
    {
        var values = TwoModes(3000, 4);
        var a = GaussianMixture1D.Fit(values, 10, 0.005, seed: 9);
        var b = GaussianMixture1D.Fit(values, 10, 0.005, seed: 9);

        Assert.Equal(a.Means, b.Means);
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.StandardDeviations, b.StandardDeviations);
    }

    [Fact]
    public void Fit_ConstantValues_OneModeWithPositiveSpread()
    {
        var mixture = GaussianMixture1D.Fit([7, 7, 7, 7], 10, 0.005, seed: 0);

        Assert.Equal(1, mixture.Modes);
        Assert.Equal(7, mixture.Means[0]);
        Assert.True(mixture.StandardDeviations[0] > 0);
    }

    [Fact]
    public void Fit_HeavyPruneThreshold_DropsLightModes()
    {
        var mixture = GaussianMixture1D.Fit(TwoModes(4000, 5), 10, pruneBelow: 0.3, seed: 1);

        Assert.All(mixture.Weights, w => Assert.True(w > 0.3 - 1e-9 || mixture.Modes == 1));
        Assert.Equal(1.0, mixture.Weights.Sum(), 9);
    }

    [Fact]
    public void Fit_NonFiniteValue_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GaussianMixture1D.Fit([1, double.NaN], 3, 0.005, 0));
        Assert.Contains("finite", ex.Message, StringComparison.Ordinal);
    }
}
