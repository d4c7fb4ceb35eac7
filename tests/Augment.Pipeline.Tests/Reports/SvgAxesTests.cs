using System.Xml.Linq;
using Augment.Pipeline.Reports;

namespace Augment.Pipeline.Tests.Reports;

public class SvgAxesTests
{
    [Theory]
    [InlineData(0.76, new[] { 0, 0.2, 0.4, 0.6, 0.8 })]
    [InlineData(0.3, new[] { 0, 0.1, 0.2, 0.3 })]
    [InlineData(0.146, new[] { 0, 0.05, 0.1, 0.15 })]
    [InlineData(1.0, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0.0, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0.41, new[] { 0, 0.1, 0.2, 0.3, 0.4, 0.5 })]
    public void NiceTicks_AnyMax_FourToSixEvenTicksFromZeroCoveringIt(double max, double[] expected)
    {
        var ticks = SvgAxes.NiceTicks(max);

        Assert.Equal(expected, ticks);
    }

    [Theory]
    [InlineData(17, 90.65)]
    [InlineData(12285, 1490400)]
    [InlineData(0, 0.3)]
    [InlineData(-3, 4)]
    public void NiceSpan_AnyRange_AtLeastThreeTicksInsideIt(double lo, double hi)
    {
        var ticks = SvgAxes.NiceSpan(lo, hi);

        Assert.InRange(ticks.Count, 3, 9);
        Assert.All(ticks, t => Assert.InRange(t, lo, hi));
        var step = ticks[1] - ticks[0];
        Assert.All(ticks.Zip(ticks.Skip(1)), p => Assert.Equal(step, p.Second - p.First, 9));
    }

    [Fact]
    public void Wrap_LongCategory_SplitsAtHyphensAndKeepsEveryCharacter()
    {
        const string label = "Outlying-US(Guam-USVI-etc)-and-more-words";

        var lines = SvgAxes.Wrap(label);

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(l.Length <= SvgAxes.WrapAt, l));
        Assert.Equal(label, string.Concat(lines));
        Assert.Equal(["Self-emp-not-inc"], SvgAxes.Wrap("Self-emp-not-inc"));
    }

    [Theory]
    [InlineData(0.25, "25%")]
    [InlineData(0.025, "2.5%")]
    [InlineData(0.0125, "1.25%")]
    public void Percent_TickValue_ShortestExactForm(double share, string expected) => Assert.Equal(expected, SvgAxes.Percent(share));

    [Fact]
    public void Lines_TwoSeries_OnePolylineAndOneTooltipPerPointOnSharedAxes()
    {
        var svg = SvgCharts.Lines(
            [("real", "#111111", [(100, 0.5), (200, 0.75), (300, 0.7)]), ("real & synthetic", "#222222", [(100, 0.6), (200, double.NaN), (250, 0.8)])],
            "Validation <accuracy>", "validation accuracy", shares: true);

        var doc = System.Xml.Linq.XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("Validation <accuracy>", doc.Root!.Element(ns + "title")!.Value);
        Assert.Equal(2, doc.Descendants(ns + "polyline").Count());
        Assert.Equal(5, doc.Descendants(ns + "circle").Count());
        Assert.Contains(doc.Descendants(ns + "circle"), c => c.Value == "real & synthetic, step 250: 80.0%");
        Assert.Equal(["real", "real & synthetic"], doc.Descendants(ns + "text").Where(t => (string?)t.Attribute("class") == "legend").Select(t => t.Value));

        // Shares run 0–100 %; steps 0 to the last step (300); the point at step 300 sits on the right end of the axis.
        var yTicks = doc.Descendants(ns + "g").Single(g => (string?)g.Attribute("class") == "axis value y").Elements(ns + "text").Select(t => t.Value).ToList();
        Assert.Equal("100%", yTicks[^1]);
        var xTicks = doc.Descendants(ns + "g").Single(g => (string?)g.Attribute("class") == "axis value x").Elements(ns + "text").Select(t => t.Value).ToList();
        Assert.Equal("300", xTicks[^1]);
        var last = doc.Descendants(ns + "polyline").First().Attribute("points")!.Value.Split(' ')[^1].Split(',');
        Assert.Equal(560 - 16, double.Parse(last[0], System.Globalization.CultureInfo.InvariantCulture), 1);
    }
}
