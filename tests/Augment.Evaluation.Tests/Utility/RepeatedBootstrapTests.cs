namespace Augment.Evaluation.Tests.Utility;

public class RepeatedBootstrapTests
{
    /// <summary>Labels drawn with <paramref name="seed"/>; two models' scores, a sharp and a noisy one, with <paramref name="modelSeed"/>.</summary>
    private static (double[] Good, double[] Noisy, int[] Truth) Scores(int rows, int seed, int? modelSeed = null)
    {
        var labels = new Random(seed);
        var truth = Enumerable.Range(0, rows).Select(_ => labels.NextDouble() < 0.3 ? 1 : 0).ToArray();
        var rng = new Random(modelSeed ?? seed);
        double[] Proba(double noise) => truth.SelectMany(t =>
        {
            var p = Math.Clamp((t * 0.6) + 0.2 + (noise * ((rng.NextDouble() * 2) - 1)), 0, 1);
            return new[] { 1 - p, p };
        }).ToArray();
        return (Proba(0.3), Proba(0.9), truth);
    }

    [Fact]
    public void Compare_ArmClearlyWorseInEveryRepetition_CiWhollyBelowZeroAndHurt()
    {
        var reps = Enumerable.Range(0, 5).Select(r => Scores(800, 100, 200 + r)).ToArray();
        var truth = reps[0].Truth;
        var arms = new Dictionary<string, HoldoutScorer[]>
        {
            ["real-only"] = reps.Select(r => new HoldoutScorer(r.Good, r.Truth, 2, 1)).ToArray(),
            ["augmented"] = reps.Select(r => new HoldoutScorer(r.Noisy, r.Truth, 2, 1)).ToArray(),
        };

        var bootstrap = RepeatedBootstrap.Draw(arms, ["roc_auc"], truth.Length, 300, 1);
        var verdict = bootstrap.Compare("augmented", "real-only", "roc_auc", -0.1, 0.005, 5);

        Assert.True(verdict.Upper < 0, $"CI [{verdict.Lower}, {verdict.Upper}]");
        Assert.Equal("hurt", verdict.Verdict);
        Assert.Equal(5, verdict.Repetitions);
    }

    [Fact]
    public void Draw_SameSeed_SameCi()
    {
        var (good, noisy, truth) = Scores(500, 3);
        var arms = new Dictionary<string, HoldoutScorer[]>
        {
            ["real-only"] = [new HoldoutScorer(good, truth, 2, 1)],
            ["augmented"] = [new HoldoutScorer(noisy, truth, 2, 1)],
        };

        var a = RepeatedBootstrap.Draw(arms, ["roc_auc", "pr_auc", "minority_f1"], truth.Length, 200, 9);
        var b = RepeatedBootstrap.Draw(arms, ["roc_auc", "pr_auc", "minority_f1"], truth.Length, 200, 9);

        Assert.Equal(a.Differences("augmented", "real-only", "pr_auc"), b.Differences("augmented", "real-only", "pr_auc"));
        Assert.Equal(a.Differences("augmented", "real-only", "minority_f1"), b.Differences("augmented", "real-only", "minority_f1"));
    }

    [Fact]
    public void AveragePrecision_UnitWeights_EqualsTheUnweightedDefinition()
    {
        var (good, _, truth) = Scores(300, 5);
        var scores = truth.Select((_, i) => Math.Round(good[(2 * i) + 1], 1)).ToArray(); // ties included
        var positive = truth.Select(t => t == 1).ToArray();

        var weighted = HoldoutScorer.AveragePrecision(Internal.Ranking.Order(scores), scores, positive, Enumerable.Repeat(1.0, 300).ToArray());

        Assert.Equal(Internal.Ranking.AveragePrecision(scores, positive), weighted, 12);
    }
}
