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
}
