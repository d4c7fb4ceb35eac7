namespace Augment.Evaluation.Tests.Fidelity;

public class ValidityAndAlphaBetaTests
{
    [Fact]
    public void Validity_HandComputed_CountsOutOfRangeUnparsableAndUnknownCategories()
    {
        string[] columns = ["x", "c"];
        var real = SampleData.FromRows(columns, ["1.5", "a"], ["5.5", "b"], ["3.5", "a"]);
        var synthetic = SampleData.FromRows(columns, ["1.5", "a"], ["6.5", "b"], ["oops", "z"], [null, "a"]);
        var report = Validity.Evaluate(real, synthetic, SampleData.Schema(real));

        // x: present values 1.5 (in), 6.5 (out), "oops" (out) → 1/3. c: a, b, z, a → 3/4. Rows valid: 1st and 4th.
        Assert.Equal(1.0 / 3, report.Columns[0].Score, 12);
        Assert.Equal(0.75, report.Columns[1].Score, 12);
        Assert.Equal(0.5, report.ValidRowShare, 12);
    }

    [Fact]
    public void AlphaBeta_IdenticalTables_NearlyPerfect()
    {
        var real = SampleData.Population(2000, 3);
        var report = AlphaBeta.Evaluate(real, real, SampleData.Schema(real));
        Assert.True(report.AlphaPrecision > 0.95, $"α-precision {report.AlphaPrecision}");
        Assert.True(report.BetaRecall > 0.95, $"β-recall {report.BetaRecall}");
    }

    [Fact]
    public void AlphaBeta_HandComputed_AllSyntheticRowsAtTheRealMean()
    {
        string[] columns = ["x"];
        var real = SampleData.FromRows(columns, Enumerable.Range(0, 10).Select(i => new string?[] { i % 2 == 0 ? "1.5" : "3.5" }).ToArray());
        var synthetic = SampleData.FromRows(columns, Enumerable.Repeat(new string?[] { "2.5" }, 10).ToArray());
        var report = AlphaBeta.Evaluate(real, synthetic, SampleData.Schema(real));

        // Every real radius is 0.5 (range 2), every synthetic row sits at the centre: P_α = 1 for every α, so
        // α-precision = 1 − 2·mean(1 − α) = 1 − 2·0.475 = 0.05. The synthetic β-supports have radius 0 and hold no real
        // row: R_β = 0, 1 − 2·mean(β) = −0.05, clamped to 0.
        Assert.All(report.PrecisionCurve, p => Assert.Equal(1.0, p));
        Assert.Equal(0.05, report.AlphaPrecision, 9);
        Assert.All(report.RecallCurve, r => Assert.Equal(0.0, r));
        Assert.Equal(0.0, report.BetaRecall, 9);
    }

    [Fact]
    public void AlphaBeta_CollapsedSynthetic_HasLowRecall()
    {
        var real = SampleData.Population(2000, 3);
        var collapsed = real.SelectRows(Enumerable.Repeat(0, 500).ToArray());
        var report = AlphaBeta.Evaluate(real, collapsed, SampleData.Schema(real));
        Assert.True(report.BetaRecall < 0.6, $"β-recall {report.BetaRecall}");
        Assert.All(report.PrecisionCurve.Concat(report.RecallCurve), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Detection_SameDistribution_ScoresHigh_ShiftedColumn_ScoresLow()
    {
        var real = SampleData.Population(1500, 4);
        var schema = SampleData.Schema(real);
        var same = Detection.Evaluate(real, SampleData.Population(1500, 5), schema, seed: 1);
        var shifted = Detection.Evaluate(real, SampleData.Population(1500, 5, ageShift: 70), schema, seed: 1);

        Assert.True(same.Score > 0.85, $"same-distribution score {same.Score}, AUCs {string.Join(", ", same.FoldAucs)}");
        Assert.True(shifted.Score < 0.05, $"shifted score {shifted.Score}");
        Assert.Equal(3, same.FoldAucs.Count);
        Assert.All(shifted.SyntheticRealness, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void Detection_SameSeed_SameResult()
    {
        var real = SampleData.Population(600, 4);
        var synthetic = SampleData.Population(600, 6, ageShift: 5);
        var schema = SampleData.Schema(real);
        Assert.Equal(Detection.Evaluate(real, synthetic, schema, seed: 9).SyntheticRealness, Detection.Evaluate(real, synthetic, schema, seed: 9).SyntheticRealness);
    }
}
