namespace Augment.Synthesis.Tests;

public sealed class StandardNormalTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(-1.0, 0.15865525393145707)]
    public void Cdf_KnownPoints(double z, double p)
    {
        Assert.Equal(p, StandardNormal.Cdf(z), 12);
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-1.3)]
    [InlineData(0.2)]
    [InlineData(4.5)]
    public void InverseCdf_OfCdf_ReturnsInput(double z)
    {
        Assert.Equal(z, StandardNormal.InverseCdf(StandardNormal.Cdf(z)), 8);
    }

    [Fact]
    public void InverseCdf_ZeroAndOne_StayFinite()
    {
        Assert.True(double.IsFinite(StandardNormal.InverseCdf(0)));
        Assert.True(double.IsFinite(StandardNormal.InverseCdf(1)));
        Assert.True(StandardNormal.InverseCdf(1) > 6);
    }
}
