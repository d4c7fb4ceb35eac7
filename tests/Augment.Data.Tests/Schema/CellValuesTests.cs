namespace Augment.Data.Tests;

public sealed class CellValuesTests
{
    [Theory]
    [InlineData("0", 0.0, 0, true)]
    [InlineData("-12", -12.0, 0, true)]
    [InlineData("3.250", 3.25, 3, false)]
    [InlineData("0.5", 0.5, 1, false)]
    [InlineData(".5", 0.5, 1, false)]
    [InlineData("1.5e-3", 0.0015, 4, false)]
    [InlineData("2E3", 2000.0, 0, false)]
    public void TryParseNumber_PlainNumbers_Parses(string text, double value, int decimals, bool isInteger)
    {
        Assert.True(CellValues.TryParseNumber(text, out var parsed, out var places, out var integer));
        Assert.Equal(value, parsed, 12);
        Assert.Equal(decimals, places);
        Assert.Equal(isInteger, integer);
    }

    [Theory]
    [InlineData("007")]
    [InlineData("+5")]
    [InlineData("1,000")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("0x1F")]
    public void TryParseNumber_NotPlain_Rejects(string text)
    {
        Assert.False(CellValues.TryParseNumber(text, out _, out _, out _));
    }

    [Theory]
    [InlineData("2024-02-29", "yyyy-MM-dd")]
    [InlineData("2024-02-29T13:45:10", "yyyy-MM-dd'T'HH:mm:ss")]
    [InlineData("2024-02-29T13:45:10Z", "yyyy-MM-dd'T'HH:mm:ss'Z'")]
    [InlineData("02/29/2024", "MM/dd/yyyy")]
    public void TryParseDatetime_ThenFormat_RoundTrips(string text, string format)
    {
        Assert.True(CellValues.TryParseDatetime(text, format, out var seconds));

        Assert.Equal(text, CellValues.FormatDatetime(seconds, format));
    }

    [Fact]
    public void TryParseDatetime_Epoch_IsZero()
    {
        Assert.True(CellValues.TryParseDatetime("1970-01-02", "yyyy-MM-dd", out var seconds));

        Assert.Equal(86400, seconds);
    }

    [Theory]
    [InlineData(1.25, 1, "1.3")]
    [InlineData(-0.01, 1, "0.0")]
    [InlineData(41.6, 0, "42")]
    [InlineData(3.0, 2, "3.00")]
    public void FormatNumber_RoundsToPlaces(double value, int places, string expected)
    {
        Assert.Equal(expected, CellValues.FormatNumber(value, places));
    }

    [Theory]
    [InlineData(-0.4)]
    [InlineData(-2.5)]
    [InlineData(2.5)]
    [InlineData(123456789.49)]
    [InlineData(-9007199254740991)]
    [InlineData(9007199254740991)]
    [InlineData(1e17)]
    [InlineData(-3e20)]
    public void FormatNumber_WholeNumbers_MatchTheInvariantF0Format(double value)
    {
        var rounded = Math.Round(value, 0, MidpointRounding.AwayFromZero);
        var expected = (rounded == 0 ? 0d : rounded).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, CellValues.FormatNumber(value, 0));
    }
}
