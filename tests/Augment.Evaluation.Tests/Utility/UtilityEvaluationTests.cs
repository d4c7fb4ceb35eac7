using Augment.Evaluation.Internal;

namespace Augment.Evaluation.Tests.Utility;

public class UtilityEvaluationTests
{
    private static readonly Data.DataTable Train = SampleData.Population(2500, 21);
    private static readonly Data.DataTable Holdout = SampleData.Population(1500, 22);

    [Fact]
    public void Evaluate_SyntheticRowsAreAResampleOfTheRealOnes_VerdictIsNoEffect()
    {
        var synthetic = SampleData.Resample(Train, 1500, 23);
        var report = UtilityEvaluation.Evaluate(Train, Holdout, synthetic, SampleData.Schema(Train), "label", seed: 1, resamples: 300);

        var verdict = report.Verdicts[0];
        Assert.Equal("real-only", verdict.Baseline);
        Assert.Equal("no effect", verdict.Verdict);
        Assert.True(verdict.Lower <= verdict.Difference && verdict.Difference <= verdict.Upper);
        Assert.Equal(["real-only", "class-weights", "random-oversampling", "smote-nc", "augmented", "tstr", "augmented", "real-only"], report.Arms.Select(a => a.Arm));
        var real = report.Arms[0];
        Assert.True(real.RocAuc > 0.75, $"real-only AUC {real.RocAuc}");
        Assert.All(report.Arms, a => Assert.InRange(a.Accuracy, 0, 1));
    }

    [Fact]
    public void Evaluate_SyntheticRowsWithFlippedLabels_VerdictIsHurt()
    {
        var flipped = SampleData.Population(2500, 24);
        var labels = flipped.Column(flipped.IndexOf("label")).Select(l => l == "yes" ? "no" : "yes").ToArray();
        var columns = SampleData.Columns.Select((c, i) => c == "label" ? labels : flipped.Column(i).ToArray()).ToArray();
        var synthetic = Data.DataTable.FromColumns(SampleData.Columns, columns);
        var report = UtilityEvaluation.Evaluate(Train, Holdout, synthetic, SampleData.Schema(Train), "label", seed: 1, resamples: 300);

        Assert.Equal("hurt", report.Verdicts[0].Verdict);
        Assert.True(report.Tstr!.RocAuc < 0.5, $"TSTR AUC on flipped labels {report.Tstr.RocAuc}");
    }

    [Fact]
    public void Evaluate_ThreeClasses_ScoresEveryArmWithPerClassF1()
    {
        var train = SampleData.Population(900, 25);
        var holdout = SampleData.Population(400, 26);
        var synthetic = SampleData.Population(600, 27);
        var report = UtilityEvaluation.Evaluate(train, holdout, synthetic, SampleData.Schema(train), "color", seed: 2, resamples: 100);

        Assert.Equal("blue", report.MinorityClass);
        Assert.All(report.Arms, a =>
        {
            Assert.Equal(3, a.Classes.Count);
            Assert.Equal(a.Classes.Average(c => c.F1), a.MacroF1, 12);
            Assert.InRange(a.RocAuc, 0, 1);
        });
        Assert.Equal(4, report.Verdicts.Count);
        Assert.Equal("real-only", report.Verdicts[0].Baseline);
    }

    [Fact]
    public void Resamplers_LiftEveryClassToTheMajorityCount()
    {
        var codec = TableCodec.Fit(Train, SampleData.Schema(Train), ["label"]);
        var x = codec.Encode(Train);
        var y = Train.Column(Train.IndexOf("label")).Select(l => l == "yes" ? 1 : 0).ToArray();
        var majority = Math.Max(y.Count(v => v == 0), y.Count(v => v == 1));
        var (_, ros) = Resampling.RandomOversample(x, y, 2, 1);
        var (smoteX, smote) = Resampling.SmoteNc(x, y, 2, 1);

        Assert.Equal(majority, ros.Count(v => v == 0));
        Assert.Equal(majority, ros.Count(v => v == 1));
        Assert.Equal(majority, smote.Count(v => v == 1));
        Assert.Equal(majority, smote.Count(v => v == 0));
        // SMOTE rows interpolate: every new age lies inside the real age range.
        Assert.All(smoteX.Numeric[0].Skip(y.Length), v => Assert.InRange(v, x.Numeric[0].Min(), x.Numeric[0].Max()));
    }

    [Fact]
    public void BalancedWeights_HandComputed()
    {
        // 3 of class 0 and 1 of class 1: n/(k·n_c) = 4/6 and 4/2.
        Assert.Equal([4 / 6.0, 4 / 6.0, 4 / 6.0, 2.0], UtilityEvaluation.BalancedWeights([0, 0, 0, 1], 2));
    }
}
