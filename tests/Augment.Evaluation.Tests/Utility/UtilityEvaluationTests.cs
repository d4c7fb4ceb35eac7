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
        Assert.Equal(["real-only", "class-weights", "random-oversampling", "smote-nc", "augmented", "tstr", "real-only"], report.Arms.Select(a => a.Arm));
        Assert.All(report.Arms.Where(a => a.Model == "gbt"), a => Assert.Equal(UtilityEvaluation.DefaultRepetitions, a.Repetitions));
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
        // Per metric: augmented vs the 4 baselines, then the 3 rebalancers and TSTR vs real-only.
        Assert.Equal(8 * report.Metrics.Count, report.Verdicts.Count);
        Assert.Equal("real-only", report.Verdicts[0].Baseline);
    }

    [Fact]
    public void Evaluate_SyntheticRowsOfOneClass_TstrSkippedWithTheReasonNotScored()
    {
        var synthetic = SampleData.Resample(Train, 3000, 30);
        var label = synthetic.IndexOf("label");
        var yes = Enumerable.Range(0, synthetic.RowCount).Where(r => synthetic[r, label] == "yes").ToArray();
        var report = UtilityEvaluation.Evaluate(Train, Holdout, synthetic.SelectRows(yes), SampleData.Schema(Train), "label", seed: 1, resamples: 100);

        Assert.Null(report.Tstr);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("tstr", skipped.Arm);
        Assert.Contains("no 'no' row", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(report.Arms, a => a is { Arm: "augmented", Model: "gbt" });
        var tstr = Assert.Single(report.Verdicts, v => v.Arm == "tstr" && v.Metric == "roc_auc");
        Assert.Equal(UtilityVerdict.NotApplicable, tstr.Verdict);
        Assert.Equal(skipped.Reason, tstr.Note);
    }

    [Fact]
    public void Evaluate_SyntheticRowsMissOneOfThreeClasses_TstrNotApplicableWithTheReason()
    {
        var train = SampleData.Population(900, 25);
        var synthetic = SampleData.Population(900, 27);
        var color = synthetic.IndexOf("color");
        var synth = synthetic.SelectRows(Enumerable.Range(0, synthetic.RowCount).Where(r => synthetic[r, color] != "blue").ToArray());

        var report = UtilityEvaluation.Evaluate(train, SampleData.Population(400, 26), synth, SampleData.Schema(train), "color", seed: 2, resamples: 100);

        Assert.Null(report.Tstr);
        Assert.Equal("the synthetic rows hold no 'blue' row, so a model trained on them alone cannot tell every class apart.", Assert.Single(report.Skipped).Reason);
        Assert.All(report.Verdicts.Where(v => v.Arm == "tstr"), v => Assert.Equal(UtilityVerdict.NotApplicable, v.Verdict));
        Assert.Contains(report.Arms, a => a.Arm == "augmented");
    }

    [Fact]
    public void Evaluate_SameInputAndSeed_SameReport()
    {
        var synthetic = SampleData.Resample(Train, 1500, 40);
        UtilityReport Run() => UtilityEvaluation.Evaluate(Train, Holdout, synthetic, SampleData.Schema(Train), "label", seed: 7, resamples: 200);

        var first = Run();
        var second = Run();

        Assert.Equal(first.Arms.Select(a => (a.Arm, a.Model, a.RocAuc, a.PrAuc, a.MinorityF1)), second.Arms.Select(a => (a.Arm, a.Model, a.RocAuc, a.PrAuc, a.MinorityF1)));
        Assert.Equal(first.Verdicts, second.Verdicts);
        Assert.Equal(first.Recommendation, second.Recommendation);
    }

    [Fact]
    public void Evaluate_ImbalancedTarget_JudgesPrAucAndMinorityF1AndRecommends()
    {
        // "yes" cut to about 8 % of the training rows.
        var label = Train.IndexOf("label");
        var keep = Enumerable.Range(0, Train.RowCount).Where(r => Train[r, label] == "no" || r % 4 == 0).ToArray();
        var train = Train.SelectRows(keep);

        var report = UtilityEvaluation.Evaluate(train, Holdout, SampleData.Resample(train, 800, 41), SampleData.Schema(train), "label", seed: 3, resamples: 200);

        Assert.True(report.MinorityShare < UtilityEvaluation.ImbalancedShare, $"minority share {report.MinorityShare}");
        Assert.Equal(["roc_auc", "pr_auc", "minority_f1"], report.Metrics);
        Assert.Contains(report.Verdicts, v => v is { Metric: "minority_f1", Arm: "class-weights", Baseline: "real-only", Margin: 0.01 });
        Assert.NotNull(report.Recommendation);
        Assert.Contains(report.Recommendation.Arm, UtilityRecommender.Candidates.Prepend("real-only"));
    }

    [Fact]
    public void Evaluate_TargetUnrelatedToTheColumns_WarnsAndGivesNoVerdictAgainstAChanceBaseline()
    {
        // Labels drawn independently of every column: nothing to learn, so a real-only model sits at chance.
        static Data.DataTable Shuffled(Data.DataTable table, int seed)
        {
            var random = new Random(seed);
            var label = table.IndexOf("label");
            var labels = Enumerable.Range(0, table.RowCount).Select(_ => (string?)(random.NextDouble() < 0.3 ? "yes" : "no")).ToArray();
            return Data.DataTable.FromColumns(table.Columns, [.. Enumerable.Range(0, table.Columns.Count).Select(c => c == label ? labels : table.Column(c).ToArray())]);
        }

        var train = Shuffled(Train, 31);
        var holdout = Shuffled(Holdout, 32);
        var report = UtilityEvaluation.Evaluate(train, holdout, SampleData.Resample(train, 1000, 33), SampleData.Schema(train), "label", seed: 4, resamples: 200);

        var realOnly = report.Arms.First(a => a is { Arm: "real-only", Model: "gbt" });
        Assert.InRange(realOnly.RocAuc, 0.44, 0.56);
        Assert.Contains(report.Warnings, w => w.StartsWith("The real-only gradient-boosted model is no better than chance", StringComparison.Ordinal));
        var verdict = report.Verdicts[0];
        Assert.Equal(UtilityVerdict.NotApplicable, verdict.Verdict);
        Assert.Contains("no better than chance", verdict.Note!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.0027, -0.0051, -0.0004, "slightly worse: the 95% CI [-0.0051, -0.0004] lies wholly below zero but not wholly beyond the ±0.005 margin")]
    [InlineData(-0.0046, -0.0049, -0.0024, "slightly worse: the 95% CI [-0.0049, -0.0024] lies wholly below zero but within the ±0.005 margin")]
    [InlineData(0.0027, 0.0004, 0.0049, "slightly better: the 95% CI [0.0004, 0.0049] lies wholly above zero but within the ±0.005 margin")]
    [InlineData(0.0075, 0.0049, 0.0099, "slightly better: the 95% CI [0.0049, 0.0099] lies wholly above zero but not wholly beyond the ±0.005 margin")]
    [InlineData(0.0010, -0.0020, 0.0040, null)]
    public void Checked_NoEffectWithACiOffZero_SaysSo(double difference, double lower, double upper, string? note)
    {
        var verdict = new UtilityVerdict("no effect", "roc_auc", "augmented", "real-only", difference, lower, upper, 1000, 0.005);
        var baseline = new ClassifierScores("real-only", "gbt", 100, 0.8, 0.9, 0.5, 0.7, 0.6, []);

        var checkedVerdict = UtilityEvaluation.Checked(verdict, baseline, 0.85, 0.005);

        Assert.Equal("no effect", checkedVerdict.Verdict);
        if (note is null)
        {
            Assert.Null(checkedVerdict.Note);
        }
        else
        {
            Assert.StartsWith(note, checkedVerdict.Note, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Checked_BaselineWhoseAucCiReachesChance_NotApplicable()
    {
        var verdict = new UtilityVerdict("helped", "roc_auc", "augmented", "real-only", 0.04, 0.01, 0.07, 1000, 0.005);
        var baseline = new ClassifierScores("real-only", "gbt", 100, 0.6, 0.53, 0.3, 0.5, 0.4, []);

        var checkedVerdict = UtilityEvaluation.Checked(verdict, baseline, 0.49, 0.005);

        Assert.Equal(UtilityVerdict.NotApplicable, checkedVerdict.Verdict);
        Assert.Equal("the real-only model is no better than chance on the holdout (ROC AUC 0.530, 95% CI from 0.490), so a difference to it means nothing.", checkedVerdict.Note);
        Assert.Equal(0.04, checkedVerdict.Difference);
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
