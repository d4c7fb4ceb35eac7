using FsCheck.Fluent;

namespace Augment.Evaluation.Tests.Fidelity;

public class ColumnShapesTests
{
    [Fact]
    public void KolmogorovSmirnov_HandComputed_IsLargestCdfGap()
    {
        // CDFs after 1: 1/3 vs 0; after 2: 2/3 vs 1/3; after 3: 1 vs 2/3; after 4: 1 vs 1 → 1/3.
        Assert.Equal(1.0 / 3, ColumnShapes.KolmogorovSmirnov([1, 2, 3], [2, 3, 4]), 12);
        Assert.Equal(1.0, ColumnShapes.KolmogorovSmirnov([1, 2], [5, 6]), 12);
        Assert.Equal(0.0, ColumnShapes.KolmogorovSmirnov([1, double.NaN, 2], [2, 1]), 12);
    }

    [Fact]
    public void Score_HandComputedTable_UsesKsForNumbersAndTvForCategories()
    {
        string[] columns = ["x", "c"];
        var real = SampleData.FromRows(columns, ["1.5", "a"], ["2.5", "a"], ["3.5", "b"], ["4.5", "b"]);
        var synthetic = SampleData.FromRows(columns, ["1.5", "a"], ["2.5", "a"], ["3.5", "a"], ["9.5", "c"]);
        var report = ColumnShapes.Score(real, synthetic, SampleData.Schema(real));

        // x: CDF gap largest after 4.5: 1 vs 3/4 → KS 1/4. c: real a .5 b .5, synthetic a .75 c .25 → TV (.25+.5+.25)/2 = .5.
        Assert.Equal("KSComplement", report.Columns[0].Metric);
        Assert.Equal(0.75, report.Columns[0].Score, 12);
        Assert.Equal("TVComplement", report.Columns[1].Metric);
        Assert.Equal(0.5, report.Columns[1].Score, 12);
        Assert.Equal(0.625, report.Score, 12);
    }

    [Fact]
    public void Score_IdenticalTables_IsOne()
    {
        var real = SampleData.Population(300, 1);
        var report = ColumnShapes.Score(real, real, SampleData.Schema(real));
        Assert.All(report.Columns, c => Assert.Equal(1.0, c.Score, 12));
    }

    [Fact]
    public void KolmogorovSmirnov_Property_InUnitIntervalSymmetricAndZeroOnSelf()
    {
        var samples = Gen.Choose(-50, 50).Select(v => (double)v).ArrayOf().Where(a => a.Length > 0);
        var pairs = Gen.Zip(samples, samples).ToArbitrary();
        SampleData.Check(pairs, p =>
        {
            var d = ColumnShapes.KolmogorovSmirnov(p.Item1, p.Item2);
            return d is >= 0 and <= 1
                && d == ColumnShapes.KolmogorovSmirnov(p.Item2, p.Item1)
                && ColumnShapes.KolmogorovSmirnov(p.Item1, p.Item1) == 0;
        });
    }

    [Fact]
    public void TotalVariation_Property_InUnitIntervalSymmetricAndZeroOnSelf()
    {
        var codes = Gen.Choose(-1, 4).ArrayOf().Where(a => a.Length > 0);
        var pairs = Gen.Zip(codes, codes).ToArbitrary();
        SampleData.Check(pairs, p =>
        {
            var d = ColumnShapes.TotalVariation(p.Item1, p.Item2, 5);
            return d is >= 0 and <= 1 + 1e-12
                && Math.Abs(d - ColumnShapes.TotalVariation(p.Item2, p.Item1, 5)) < 1e-12
                && ColumnShapes.TotalVariation(p.Item1, p.Item1, 5) < 1e-12;
        });
    }
}
