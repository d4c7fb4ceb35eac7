namespace Augment.Synthesis.Tests;

public sealed class RandomSourceTests
{
    [Fact]
    public void NextNormal_ManyDraws_MeanZeroVarianceOne()
    {
        var random = new RandomSource(17);
        var draws = Enumerable.Range(0, 200_000).Select(_ => random.NextNormal()).ToArray();

        var mean = draws.Average();
        var variance = draws.Select(d => (d - mean) * (d - mean)).Average();

        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
    }

    [Fact]
    public void NextOpenUnit_NeverZeroOrOne()
    {
        var random = new RandomSource(3);

        Assert.All(Enumerable.Range(0, 10_000).Select(_ => random.NextOpenUnit()), u => Assert.InRange(u, double.Epsilon, 1 - 1e-17));
    }

    [Fact]
    public void NextUInt64_SameSeed_SameSequence_OtherSeed_Differs()
    {
        var a = new RandomSource(42);
        var b = new RandomSource(42);
        var c = new RandomSource(43);

        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
    }

    [Theory]
    [InlineData(200_001)]
    [InlineData(511)]
    public void FillNormal_StandardNormal_SameSeedSameValues(int length)
    {
        var draws = new float[length];
        new RandomSource(17).FillNormal(draws);
        var again = new float[length];
        new RandomSource(17).FillNormal(again);

        Assert.Equal(draws, again);
        Assert.All(draws, d => Assert.True(float.IsFinite(d)));
        var mean = draws.Average(d => (double)d);
        var variance = draws.Average(d => (d - mean) * (d - mean));
        var tolerance = 5 / Math.Sqrt(length);
        Assert.InRange(mean, -tolerance, tolerance);
        Assert.InRange(variance, 1 - (3 * tolerance), 1 + (3 * tolerance));
        if (length > 100_000)
        {
            // Tail shares of N(0, 1): P(|x| > 1) = 0.3173, P(|x| > 2) = 0.0455.
            Assert.InRange(draws.Count(d => Math.Abs(d) > 1) / (double)length, 0.312, 0.322);
            Assert.InRange(draws.Count(d => Math.Abs(d) > 2) / (double)length, 0.043, 0.048);
        }
    }
}
