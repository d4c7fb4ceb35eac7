namespace Augment.Evaluation.Tests.Privacy;

public class PrivacyMetricsTests
{
    [Fact]
    public void Evaluate_HandComputedDcr_ScalesNumbersByTrainRangeAndCountsCategoryAsTwo()
    {
        string[] columns = ["x", "c"];
        var train = SampleData.FromRows(columns, ["0.5", "a"], ["10.5", "b"]);
        var holdout = SampleData.FromRows(columns, ["5.5", "a"]);
        var synthetic = SampleData.FromRows(columns, ["3.0", "b"], ["10.5", "b"]);
        var report = PrivacyMetrics.Evaluate(train, holdout, synthetic, SampleData.Schema(train));

        // Range 10. Row 1: to (0.5,a) 0.25 + 2 = 2.25, to (10.5,b) 0.75 → 0.75. Row 2 is a copy → 0.
        Assert.Equal(0.75, report.SyntheticDcr[0], 5);
        Assert.Equal(0.0, report.SyntheticDcr[1], 5);
        Assert.Equal(0.5, report.ExactCopyShare, 12);
        Assert.Equal(0.5, report.HoldoutDcr[0], 5);
    }

    [Fact]
    public void ClosestTrainDistances_EqualsTheFullReportsDcrAndHoldoutP2()
    {
        var train = SampleData.Population(1500, 20);
        var holdout = SampleData.Population(400, 21);
        var synthetic = SampleData.Population(700, 22, ageShift: 3);
        var schema = SampleData.Schema(train);
        var full = PrivacyMetrics.Evaluate(train, holdout, synthetic, schema);
        var (dcr, p2) = PrivacyMetrics.ClosestTrainDistances(train, holdout, synthetic, schema);

        Assert.Equal(full.SyntheticDcr, dcr);
        Assert.Equal(full.HoldoutP2, p2);
        Assert.Contains(dcr, d => d > 0);
    }

    [Fact]
    public void ClosestTrainDistances_EmptySynthetic_Throws()
    {
        var train = SampleData.Population(10, 1);
        var empty = SampleData.Resample(train, 0, 2);
        Assert.Throws<ArgumentException>(() => PrivacyMetrics.ClosestTrainDistances(train, train, empty, SampleData.Schema(train)));
    }

    [Fact]
    public void Evaluate_CopyingGenerator_IsCaught()
    {
        var train = SampleData.Population(1500, 10);
        var holdout = SampleData.Population(500, 11);
        var copies = SampleData.Resample(train, 1000, 12);
        var report = PrivacyMetrics.Evaluate(train, holdout, copies, SampleData.Schema(train));

        Assert.Equal(1.0, report.ExactCopyShare, 12);
        Assert.True(report.ShareCloserToTrain > 0.6, $"closer-to-train {report.ShareCloserToTrain}");
        Assert.True(report.ShareBelowHoldoutP2 > 0.5, $"below p2 {report.ShareBelowHoldoutP2}");
        Assert.All(report.SyntheticDcr, d => Assert.Equal(0, d));
    }

    [Fact]
    public void Evaluate_FreshSampleOfTheSameDistribution_LooksLikeHoldout()
    {
        var train = SampleData.Population(1500, 10);
        var holdout = SampleData.Population(500, 11);
        var fresh = SampleData.Population(1000, 13);
        var report = PrivacyMetrics.Evaluate(train, holdout, fresh, SampleData.Schema(train));

        Assert.InRange(report.ShareCloserToTrain, 0.42, 0.58);
        Assert.True(report.ShareBelowHoldoutP2 < 0.06, $"below p2 {report.ShareBelowHoldoutP2}");
        Assert.True(report.ExactCopyShare <= report.HoldoutExactCopyShare + 0.02);
        Assert.InRange(report.MeanNndr, 0, 1);
    }

    [Fact]
    public void Evaluate_SameSeed_SameReport()
    {
        var train = SampleData.Population(400, 1);
        var holdout = SampleData.Population(100, 2);
        var synthetic = SampleData.Population(300, 3);
        var schema = SampleData.Schema(train);
        var a = PrivacyMetrics.Evaluate(train, holdout, synthetic, schema, seed: 5);
        var b = PrivacyMetrics.Evaluate(train, holdout, synthetic, schema, seed: 5);
        Assert.Equal(a.ShareCloserToTrain, b.ShareCloserToTrain);
        Assert.Equal(a.SyntheticDcr, b.SyntheticDcr);
    }
}
