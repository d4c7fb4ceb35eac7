using FsCheck.Fluent;

namespace Augment.Evaluation.Tests.Fidelity;

public class ColumnPairTrendsTests
{
    [Fact]
    public void CorrelationSimilarity_HandComputed()
    {
        Assert.Equal(0.0, ColumnPairTrends.CorrelationSimilarity(1, -1), 12);
        Assert.Equal(0.75, ColumnPairTrends.CorrelationSimilarity(0.5, 0), 12);
        Assert.Equal(1.0, ColumnPairTrends.CorrelationSimilarity(0.3, 0.3), 12);
    }

    [Fact]
    public void Score_NumericPair_ComparesPearson()
    {
        string[] columns = ["x", "y"];
        var real = SampleData.FromRows(columns, ["1.5", "1.5"], ["2.5", "2.5"], ["3.5", "3.5"], ["4.5", "4.5"], ["5.5", "5.5"], ["6.5", "6.5"]);
        var synthetic = SampleData.FromRows(columns, ["1.5", "6.5"], ["2.5", "5.5"], ["3.5", "4.5"], ["4.5", "3.5"], ["5.5", "2.5"], ["6.5", "1.5"]);
        var report = ColumnPairTrends.Score(real, synthetic, SampleData.Schema(real));

        var pair = Assert.Single(report.Pairs);
        Assert.Equal("CorrelationSimilarity", pair.Metric);
        Assert.Equal(1.0, pair.RealCorrelation!.Value, 12);
        Assert.Equal(-1.0, pair.SyntheticCorrelation!.Value, 12);
        Assert.Equal(0.0, pair.Score, 12);
    }

    [Fact]
    public void Score_CategoricalPair_IsOneMinusContingencyTvd()
    {
        string[] columns = ["a", "b"];
        var real = SampleData.FromRows(columns, ["p", "u"], ["p", "u"], ["q", "v"], ["q", "v"]);
        var synthetic = SampleData.FromRows(columns, ["p", "v"], ["p", "u"], ["q", "u"], ["q", "v"]);
        var report = ColumnPairTrends.Score(real, synthetic, SampleData.Schema(real));

        // real: (p,u) .5, (q,v) .5; synthetic: each of 4 cells .25 → TVD = (.25+.25+.25+.25)/2 = .5.
        var pair = Assert.Single(report.Pairs);
        Assert.Equal("ContingencySimilarity", pair.Metric);
        Assert.Equal(0.5, pair.Score, 12);
    }

    [Fact]
    public void Score_MixedPair_BinsNumbersIntoTenEqualWidthBins()
    {
        string[] columns = ["x", "c"];
        // Real x spans [0.5, 10.5] → bins of width 1; 0.5 and 0.9 share bin 0, 10.5 is in bin 9.
        var real = SampleData.FromRows(columns, ["0.5", "a"], ["10.5", "b"]);
        var same = SampleData.FromRows(columns, ["0.9", "a"], ["10.1", "b"]);
        var swapped = SampleData.FromRows(columns, ["0.9", "b"], ["10.1", "a"]);
        var schema = SampleData.Schema(real);

        Assert.Equal(1.0, ColumnPairTrends.Score(real, same, schema).Score, 12);
        Assert.Equal(0.0, ColumnPairTrends.Score(real, swapped, schema).Score, 12);
    }

    [Fact]
    public void Score_NarrowerSyntheticRange_SdMetricsBinsEachTableOnItsOwnRangeOursOnTheRealRange()
    {
        // Real x in 0..99 with c = a below 50; synthetic x only in 0..49 with c = a below 25: the same shape squeezed
        // into the lower half. SDMetrics bins each table over its own range, so the squeezed pattern looks identical.
        string[] columns = ["x", "c"];
        var real = SampleData.FromRows(columns, [.. Enumerable.Range(0, 100).Select(i => new string?[] { $"{i}.5", i < 50 ? "a" : "b" })]);
        var synthetic = SampleData.FromRows(columns, [.. Enumerable.Range(0, 100).Select(i => new string?[] { $"{i / 2.0:0.00}", i < 50 ? "a" : "b" })]);
        var schema = SampleData.Schema(real);

        var sdmetrics = ColumnPairTrends.Score(real, synthetic, schema);
        var ours = ColumnPairTrends.Score(real, synthetic, schema, binning: PairBinning.RealRange);

        Assert.Equal("sdmetrics", sdmetrics.Binning);
        Assert.Equal("real-range-bins", ours.Binning);
        Assert.True(sdmetrics.Pairs[0].Score > 0.95, $"SDMetrics binning {sdmetrics.Pairs[0].Score}");
        Assert.True(ours.Pairs[0].Score < 0.6, $"real-range binning {ours.Pairs[0].Score}");
    }

    [Fact]
    public void Score_SdMetrics_CountsOnlyStronglyAssociatedRealPairs()
    {
        string[] columns = ["x", "y", "z"];
        var rows = Enumerable.Range(0, 40).Select(i => new string?[] { $"{i}.5", $"{(2 * i) + 1}.5", $"{(i * 7919) % 13}.5" }).ToArray();
        var real = SampleData.FromRows(columns, rows);

        var report = ColumnPairTrends.Score(real, real, SampleData.Schema(real));

        Assert.True(Assert.Single(report.Pairs, p => p.ColumnA == "x" && p.ColumnB == "y").Counted);
        Assert.False(Assert.Single(report.Pairs, p => p.ColumnA == "x" && p.ColumnB == "z").Counted);
        Assert.Equal(1.0, report.Score, 12);
    }

    [Fact]
    public void DigitizeOwnRange_MaximumAndMissingShareBinEleven()
    {
        var codes = ColumnPairTrends.DigitizeOwnRange([0, 5, 10, double.NaN]);

        Assert.Equal([1, 6, 11, 11], codes);
    }

    [Fact]
    public void Score_Property_InUnitIntervalAndOneOnIdenticalInputs()
    {
        var seeds = Gen.Choose(0, 10_000).ToArbitrary();
        SampleData.Check(seeds, seed =>
        {
            var real = SampleData.Population(60, seed);
            var synthetic = SampleData.Population(40, seed + 1, ageShift: seed % 7);
            var schema = SampleData.Schema(real);
            var score = ColumnPairTrends.Score(real, synthetic, schema);
            var self = ColumnPairTrends.Score(real, real, schema);
            return score.Pairs.All(p => p.Score is >= 0 and <= 1) && self.Pairs.All(p => Math.Abs(p.Score - 1) < 1e-9);
        }, maxTest: 25);
    }

    [Fact]
    public void JointTotalVariation_Property_Symmetric()
    {
        var codes = Gen.Choose(0, 3).ArrayOf(12);
        var tables = Gen.Zip(Gen.Zip(codes, codes), Gen.Zip(codes, codes)).ToArbitrary();
        SampleData.Check(tables, t =>
        {
            var ab = ColumnPairTrends.JointTotalVariation(t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2, 4);
            var ba = ColumnPairTrends.JointTotalVariation(t.Item2.Item1, t.Item2.Item2, t.Item1.Item1, t.Item1.Item2, 4);
            return Math.Abs(ab - ba) < 1e-12 && ab is >= 0 and <= 1;
        });
    }
}
