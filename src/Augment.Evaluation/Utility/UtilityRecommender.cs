using System.Globalization;

namespace Augment.Evaluation;

/// <summary>
/// The arm to ship. Candidates, simplest first: <c>class-weights</c>, <c>random-oversampling</c>, <c>smote-nc</c>,
/// <c>augmented</c> (TSTR is not one: it throws the real rows away). A candidate qualifies when, against real-only,
/// it <c>helped</c> on at least one of the task's metrics and on none is it <c>hurt</c>, not applicable, or "no effect"
/// with a CI wholly below zero. Among those: the most metrics helped, then the highest lower CI bound on the first
/// metric (ROC AUC), then the simplest. None qualifies: <c>real-only</c> — nothing beat it beyond the margin.
/// </summary>
internal static class UtilityRecommender
{
    /// <summary>The candidate arms, simplest first.</summary>
    public static readonly string[] Candidates = ["class-weights", "random-oversampling", "smote-nc", "augmented"];

    public static UtilityRecommendation Recommend(IReadOnlyList<UtilityVerdict> verdicts, IReadOnlyList<string> metrics)
    {
        var vsReal = verdicts.Where(v => v.Baseline == "real-only" && metrics.Contains(v.Metric)).ToArray();
        if (vsReal.Length > 0 && vsReal.All(v => v.Verdict == UtilityVerdict.NotApplicable && v.Note?.Contains("no better than chance", StringComparison.Ordinal) == true))
        {
            return new UtilityRecommendation("real-only", "no verdict could be given: the real-only model is no better than chance on the holdout, so nothing is shown to help.");
        }

        var qualified = new List<(string Arm, int Helped, double Lower, int Order, UtilityVerdict[] Verdicts)>();
        for (var order = 0; order < Candidates.Length; order++)
        {
            var arm = Candidates[order];
            var own = metrics.Select(m => vsReal.FirstOrDefault(v => v.Arm == arm && v.Metric == m)).ToArray();
            if (own.Any(v => v is null))
            {
                continue;
            }

            var all = own.Select(v => v!).ToArray();
            var harmful = all.Any(v => v.Verdict is "hurt" or UtilityVerdict.NotApplicable || v.Upper < 0);
            var helped = all.Count(v => v.Verdict == "helped");
            if (!harmful && helped > 0)
            {
                qualified.Add((arm, helped, all[0].Lower, order, all));
            }
        }

        if (qualified.Count == 0)
        {
            return new UtilityRecommendation("real-only", $"no arm beat real-only beyond the margin on {string.Join(", ", metrics)} without being worse on another; ship the simplest.");
        }

        var best = qualified.OrderByDescending(q => q.Helped).ThenByDescending(q => q.Lower).ThenBy(q => q.Order).First();
        var parts = best.Verdicts.Select(v => string.Create(CultureInfo.InvariantCulture,
            $"{v.Metric} {v.Verdict} ({v.Difference:+0.000;-0.000;0}, 95% CI [{v.Lower:0.000}, {v.Upper:0.000}])"));
        return new UtilityRecommendation(best.Arm, $"vs real-only: {string.Join("; ", parts)}.");
    }
}
