namespace Augment.Evaluation.Tests.Utility;

public class UtilityRecommenderTests
{
    private static UtilityVerdict V(string arm, string metric, double lower, double upper, string? verdict = null)
    {
        var margin = metric == "minority_f1" ? 0.01 : 0.005;
        verdict ??= lower > margin ? "helped" : upper < -margin ? "hurt" : "no effect";
        return new UtilityVerdict(verdict, metric, arm, "real-only", (lower + upper) / 2, lower, upper, 1000, margin);
    }

    [Fact]
    public void Recommend_NothingBeatsRealOnly_RealOnly()
    {
        var verdicts = new[] { V("augmented", "roc_auc", -0.004, 0.004), V("class-weights", "roc_auc", -0.003, 0.002), V("smote-nc", "roc_auc", -0.02, -0.01) };

        var recommendation = UtilityRecommender.Recommend(verdicts, ["roc_auc"]);

        Assert.Equal("real-only", recommendation.Arm);
        Assert.StartsWith("no arm beat real-only beyond the margin on roc_auc", recommendation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_TwoArmsHelp_TheOneWithTheHigherLowerBound()
    {
        var verdicts = new[] { V("class-weights", "roc_auc", 0.006, 0.02), V("augmented", "roc_auc", 0.012, 0.03), V("random-oversampling", "roc_auc", 0.002, 0.01) };

        var recommendation = UtilityRecommender.Recommend(verdicts, ["roc_auc"]);

        Assert.Equal("augmented", recommendation.Arm);
        Assert.Equal("vs real-only: roc_auc helped (+0.021, 95% CI [0.012, 0.030]).", recommendation.Reason);
    }

    [Fact]
    public void Recommend_HelpsOnOneMetricButHurtsAnother_NotRecommended()
    {
        string[] metrics = ["roc_auc", "pr_auc", "minority_f1"];
        var verdicts = new[]
        {
            V("augmented", "roc_auc", -0.03, -0.01), V("augmented", "pr_auc", 0.01, 0.05), V("augmented", "minority_f1", 0.02, 0.08),
            V("class-weights", "roc_auc", -0.004, 0.003), V("class-weights", "pr_auc", -0.004, 0.004), V("class-weights", "minority_f1", 0.05, 0.12),
        };

        var recommendation = UtilityRecommender.Recommend(verdicts, metrics);

        Assert.Equal("class-weights", recommendation.Arm);
    }

    [Fact]
    public void Recommend_MoreMetricsHelped_WinsOverAHigherAucBound()
    {
        string[] metrics = ["roc_auc", "minority_f1"];
        var verdicts = new[]
        {
            V("augmented", "roc_auc", 0.02, 0.04), V("augmented", "minority_f1", -0.005, 0.005),
            V("smote-nc", "roc_auc", 0.006, 0.01), V("smote-nc", "minority_f1", 0.03, 0.06),
        };

        Assert.Equal("smote-nc", UtilityRecommender.Recommend(verdicts, metrics).Arm);
    }

    [Fact]
    public void Recommend_CiWhollyBelowZeroWithinTheMargin_NotRecommended()
    {
        // Helped on F1, but "no effect" on ROC AUC with the whole CI below zero: significantly worse, so not shipped.
        string[] metrics = ["roc_auc", "minority_f1"];
        var verdicts = new[] { V("augmented", "roc_auc", -0.0045, -0.0005), V("augmented", "minority_f1", 0.03, 0.06) };

        var recommendation = UtilityRecommender.Recommend(verdicts, metrics);

        Assert.Equal("real-only", recommendation.Arm);
    }

    [Fact]
    public void Recommend_RealOnlyAtChance_RealOnlyWithNoVerdict()
    {
        var verdicts = new[]
        {
            V("augmented", "roc_auc", 0.01, 0.05, UtilityVerdict.NotApplicable) with { Note = "the real-only model is no better than chance on the holdout (...)" },
        };

        var recommendation = UtilityRecommender.Recommend(verdicts, ["roc_auc"]);

        Assert.Equal("real-only", recommendation.Arm);
        Assert.StartsWith("no verdict could be given", recommendation.Reason, StringComparison.Ordinal);
    }
}
