using System.Globalization;
using Augment.Images;

namespace Augment.Pipeline.Images;

/// <summary>The bias audit of one labels.csv attribute: the downstream classifier's accuracy per group of held-out images
/// in every utility arm, the gap between the best and the worst group, and whether synthetic images widened it.</summary>
/// <param name="Attribute">The labels.csv column.</param>
/// <param name="Arms">The utility arms, in the order of each group's <see cref="ImageGroupAccuracy.Accuracy"/>.</param>
/// <param name="Groups">Each value of the attribute among the held-out images (an empty cell is <c>(missing)</c>).</param>
/// <param name="Gaps">Per arm: best minus worst judged group's accuracy, in points, mean over seeds.</param>
/// <param name="Baseline">The arm without synthetic images the verdict compares with.</param>
/// <param name="Augmented">The arm with synthetic images the verdict judges.</param>
/// <param name="GapChangePoints">Mean over seeds of (augmented gap − baseline gap), paired by seed, in points.</param>
/// <param name="CiLow">Its 95 % Student-t interval's low end over seeds.</param>
/// <param name="CiHigh">Its high end.</param>
/// <param name="Verdict"><c>widened</c> or <c>narrowed</c> (the interval excludes 0), <c>no change beyond seed noise</c>,
/// or <c>not measured</c> (fewer than two judged groups, no synthetic arm, or one seed).</param>
/// <param name="Note">One sentence saying what was compared and why the verdict follows.</param>
public sealed record ImageBiasAudit(
    string Attribute, IReadOnlyList<string> Arms, IReadOnlyList<ImageGroupAccuracy> Groups, IReadOnlyList<double> Gaps, string Baseline, string Augmented,
    double GapChangePoints, double CiLow, double CiHigh, string Verdict, string Note);

/// <summary>One group of an audited attribute.</summary>
/// <param name="Group">The attribute's value.</param>
/// <param name="Images">Held-out images in the group.</param>
/// <param name="Judged">Whether the group counts towards the gaps (at least <see cref="ImageBias.MinGroupImages"/> images).</param>
/// <param name="Accuracy">Accuracy per arm (mean over seeds), in the audit's arm order.</param>
public sealed record ImageGroupAccuracy(string Group, int Images, bool Judged, IReadOnlyList<double> Accuracy);

/// <summary>
/// Computes <see cref="ImageBiasAudit"/> from the utility arms' predictions on the held-out images. Per seed and arm the
/// gap is the best judged group's accuracy minus the worst's; the verdict pairs the augmented arm's gap with the
/// baseline arm's gap by seed (the same classifiers and seeds as the lift) and judges the mean change by its 95 %
/// t-interval, so a difference within the seed-to-seed noise is called no change.
/// </summary>
public static class ImageBias
{
    /// <summary>The fewest held-out images a group needs to count towards the gap.</summary>
    public const int MinGroupImages = 5;

    /// <summary>The value an empty cell stands for.</summary>
    public const string Missing = "(missing)";

    /// <summary>The most groups an audited attribute may have.</summary>
    public const int MaxGroups = 50;

    /// <summary>The arm the verdict compares with.</summary>
    public const string BaselineArm = "real + classic";

    /// <summary>The arm the verdict judges.</summary>
    public const string AugmentedArm = "real + classic + synthetic";

    /// <summary>Audits <paramref name="attribute"/>.</summary>
    /// <param name="attribute">One value per held-out image.</param>
    /// <param name="truth">Each held-out image's class.</param>
    /// <param name="arms">Each arm's predictions on the held-out images, one array per seed (seed order shared by arms;
    /// an arm that was not trained has none).</param>
    /// <exception cref="ArgumentException">A prediction array's length differs from the number of images.</exception>
    public static ImageBiasAudit Audit(ImageAttribute attribute, IReadOnlyList<int> truth, IReadOnlyList<(string Arm, IReadOnlyList<int[]> Predictions)> arms)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(arms);
        if (arms.SelectMany(a => a.Predictions).Any(p => p.Length != truth.Count) || attribute.Values.Count != truth.Count)
        {
            throw new ArgumentException($"Predictions and the attribute need one value per held-out image ({truth.Count}).", nameof(arms));
        }

        var groups = Enumerable.Range(0, truth.Count)
            .GroupBy(i => attribute.Values[i] is { Length: > 0 } v ? v : Missing, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Members: g.ToArray()))
            .ToList();
        var judged = groups.Where(g => g.Members.Length >= MinGroupImages).ToList();

        // gaps[arm][seed], in points
        var gaps = arms.Select(a => a.Predictions.Select(p => judged.Count < 2 ? double.NaN : 100 * (judged.Max(g => Accuracy(p, truth, g.Members)) - judged.Min(g => Accuracy(p, truth, g.Members)))).ToArray()).ToList();
        var rows = groups.Select(g => new ImageGroupAccuracy(g.Name, g.Members.Length, g.Members.Length >= MinGroupImages,
            [.. arms.Select(a => a.Predictions.Count == 0 ? double.NaN : a.Predictions.Average(p => Accuracy(p, truth, g.Members)))])).ToList();
        var meanGaps = gaps.Select(g => g.Length == 0 ? double.NaN : g.Average()).ToList();
        var names = arms.Select(a => a.Arm).ToList();
        var baseline = names.IndexOf(BaselineArm);
        var augmented = names.IndexOf(AugmentedArm);

        string Verdict(out double mean, out double low, out double high, out string note)
        {
            (mean, low, high) = (double.NaN, double.NaN, double.NaN);
            if (judged.Count < 2)
            {
                note = $"'{attribute.Name}' has {judged.Count} group(s) with at least {MinGroupImages} held-out images; a gap needs two.";
                return "not measured";
            }

            if (baseline < 0 || augmented < 0 || gaps[augmented].Length == 0 || gaps[baseline].Length != gaps[augmented].Length)
            {
                note = $"No '{AugmentedArm}' classifier was trained (no synthetic image was kept), so there is no gap to compare.";
                return "not measured";
            }

            var changes = gaps[augmented].Zip(gaps[baseline], (a, b) => a - b).ToArray();
            (mean, low, high) = ImageMetrics.TInterval(changes);
            var compared = string.Create(CultureInfo.InvariantCulture,
                $"Across the {judged.Count} groups of '{attribute.Name}' with at least {MinGroupImages} held-out images, best minus worst group accuracy is {meanGaps[baseline]:F1} points with '{BaselineArm}' and {meanGaps[augmented]:F1} with '{AugmentedArm}'");
            if (changes.Length < 2)
            {
                note = string.Create(CultureInfo.InvariantCulture, $"{compared} ({mean:+0.0;-0.0} points); one seed gives no interval, so no verdict (images.utilitySeeds ≥ 2).");
                return "not measured";
            }

            var verdict = low > 0 ? "widened" : high < 0 ? "narrowed" : "no change beyond seed noise";
            note = string.Create(CultureInfo.InvariantCulture,
                $"{compared}: a change of {mean:+0.0;-0.0} points, 95 % CI [{low:+0.0;-0.0}, {high:+0.0;-0.0}] over {changes.Length} seeds — {(verdict == "widened" ? "synthetic images widened the gap" : verdict == "narrowed" ? "synthetic images narrowed the gap" : "within the seed-to-seed noise")}.");
            return verdict;
        }

        var verdict = Verdict(out var change, out var ciLow, out var ciHigh, out var note);
        return new ImageBiasAudit(attribute.Name, names, rows, meanGaps, BaselineArm, AugmentedArm, change, ciLow, ciHigh, verdict, note);
    }

    /// <summary>The attributes of <paramref name="images"/> to audit: those <paramref name="requested"/> names (every one
    /// when null).</summary>
    /// <param name="images">Images read from an archive (with a labels.csv, or none).</param>
    /// <param name="requested">augment.json's images.audit, or null.</param>
    /// <exception cref="InvalidDataException">A requested name is not a labels.csv column, or an attribute has more than
    /// <see cref="MaxGroups"/> values.</exception>
    public static IReadOnlyList<ImageAttribute> Select(ImageSet images, IReadOnlyList<string>? requested)
    {
        ArgumentNullException.ThrowIfNull(images);
        var available = images.Attributes ?? [];
        if (requested is not null)
        {
            var unknown = requested.FirstOrDefault(r => !available.Any(a => string.Equals(a.Name, r, StringComparison.OrdinalIgnoreCase)));
            if (unknown is not null)
            {
                throw new InvalidDataException(available.Count == 0
                    ? $"augment.json images.audit names '{unknown}', but the archive has no labels.csv with attribute columns."
                    : $"augment.json images.audit names '{unknown}', which is not a labels.csv column (its attributes: {string.Join(", ", available.Select(a => a.Name))}).");
            }
        }

        var chosen = requested is null ? available : [.. available.Where(a => requested.Contains(a.Name, StringComparer.OrdinalIgnoreCase))];
        var wide = chosen.FirstOrDefault(a => a.Values.Distinct(StringComparer.Ordinal).Count() > MaxGroups);
        if (wide is not null)
        {
            throw new InvalidDataException($"labels.csv column '{wide.Name}' has {wide.Values.Distinct(StringComparer.Ordinal).Count():N0} distinct values; an audited attribute may have at most {MaxGroups} (list the columns to audit in augment.json images.audit).");
        }

        return chosen;
    }

    /// <summary>
    /// The audit findings of an image run, for the audit gate (<see cref="Orchestrations.AuditGate"/>): one
    /// <c>accuracy-gap</c> finding per attribute whose gap <c>widened</c> (the seed-paired 95 % interval of the change lies
    /// above 0). A narrowed gap, a change within the seed noise and an attribute not measured find nothing.
    /// </summary>
    /// <param name="audits">The run's bias audits (<see cref="ImageEvaluation.Bias"/>).</param>
    public static List<Quality.AuditFinding> Findings(IReadOnlyList<ImageBiasAudit> audits)
    {
        ArgumentNullException.ThrowIfNull(audits);
        return [.. audits.Where(a => a.Verdict == "widened").Select(a => new Quality.AuditFinding(GapCheck, string.Create(CultureInfo.InvariantCulture,
            $"{a.Attribute}: synthetic images widened the classifier's accuracy gap between groups by {a.GapChangePoints:+0.0;-0.0} points ('{a.Augmented}' vs '{a.Baseline}', 95% CI {a.CiLow:+0.0;-0.0} to {a.CiHigh:+0.0;-0.0} over seeds)")))];
    }

    /// <summary>The check name of an image bias finding.</summary>
    public const string GapCheck = "accuracy-gap";

    private static double Accuracy(int[] predicted, IReadOnlyList<int> truth, int[] members) =>
        members.Count(i => predicted[i] == truth[i]) / (double)members.Length;
}
