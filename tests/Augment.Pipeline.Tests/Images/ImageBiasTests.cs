using Augment.Images;
using Augment.Pipeline.Images;
using Augment.Tensors.Layers;

namespace Augment.Pipeline.Tests.Images;

/// <summary>The bias audit on constructed predictions whose per-group accuracies, gaps and verdicts are known.</summary>
public sealed class ImageBiasTests
{
    // 22 held-out images, all of class 0: group "a" 10 images, "b" 10, "c" 2 (too few to judge).
    private static readonly int[] Truth = new int[22];
    private static readonly ImageAttribute Site = new("site", [.. Enumerable.Repeat("a", 10), .. Enumerable.Repeat("b", 10), "c", "c"]);

    [Fact]
    public void Audit_AugmentedArmLosesAccuracyOnOneGroup_GapWidened()
    {
        // Baseline: a 100 %, b 80 % each seed (gap 20). Augmented: a 100 %, b 50 / 60 / 40 % (gaps 50, 40, 60).
        var audit = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 8), (10, 8), (10, 8)], augmented: [(10, 5), (10, 6), (10, 4)]));

        Assert.Equal("widened", audit.Verdict);
        Assert.Equal(30, audit.GapChangePoints, 6);
        Assert.True(audit.CiLow > 0);
        Assert.Equal(["a", "b", "c"], audit.Groups.Select(g => g.Group));
        Assert.Equal([10, 10, 2], audit.Groups.Select(g => g.Images));
        Assert.Equal([true, true, false], audit.Groups.Select(g => g.Judged));
        var b = audit.Groups[1];
        Assert.Equal(0.8, b.Accuracy[audit.Arms.ToList().IndexOf(ImageBias.BaselineArm)], 6);
        Assert.Equal(0.5, b.Accuracy[audit.Arms.ToList().IndexOf(ImageBias.AugmentedArm)], 6);
        Assert.Equal(20, audit.Gaps[audit.Arms.ToList().IndexOf(ImageBias.BaselineArm)], 6);
        Assert.Equal(50, audit.Gaps[audit.Arms.ToList().IndexOf(ImageBias.AugmentedArm)], 6);
        Assert.Contains("widened the gap", audit.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_AugmentedArmEvensGroupsOut_GapNarrowed()
    {
        var audit = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 5), (10, 6), (10, 4)], augmented: [(10, 9), (10, 9), (10, 9)]));

        Assert.Equal("narrowed", audit.Verdict);
        Assert.True(audit.CiHigh < 0);
        Assert.Equal(-40, audit.GapChangePoints, 6);
    }

    [Fact]
    public void Audit_ChangeWithinSeedNoise_NoChange()
    {
        // Gap changes +10, −10, +10 points: the interval spans zero.
        var audit = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 8), (10, 8), (10, 8)], augmented: [(10, 7), (10, 9), (10, 7)]));

        Assert.Equal("no change beyond seed noise", audit.Verdict);
        Assert.True(audit.CiLow < 0 && audit.CiHigh > 0);
    }

    [Fact]
    public void Audit_OneSeed_NotMeasuredButStatesTheChange()
    {
        var audit = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 8)], augmented: [(10, 5)]));

        Assert.Equal("not measured", audit.Verdict);
        Assert.Equal(30, audit.GapChangePoints, 6);
        Assert.Contains("one seed gives no interval", audit.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_OneJudgedGroupAndMissingValues_NotMeasured()
    {
        var sparse = new ImageAttribute("scanner", [.. Enumerable.Repeat("x", 18), "", "", "", "y"]);

        var audit = ImageBias.Audit(sparse, Truth, Arms(baseline: [(10, 8), (10, 8)], augmented: [(10, 5), (10, 5)]));

        Assert.Equal("not measured", audit.Verdict);
        Assert.Equal(["(missing)", "x", "y"], audit.Groups.Select(g => g.Group));
        Assert.Equal([false, true, false], audit.Groups.Select(g => g.Judged));
        Assert.All(audit.Gaps, g => Assert.True(double.IsNaN(g)));
    }

    [Fact]
    public void Audit_NoSyntheticArm_NotMeasured()
    {
        var arms = Arms(baseline: [(10, 8), (10, 8)], augmented: [(10, 8), (10, 8)])
            .Select(a => a.Arm.Contains("synthetic", StringComparison.Ordinal) ? (a.Arm, (IReadOnlyList<int[]>)[]) : a).ToList();

        var audit = ImageBias.Audit(Site, Truth, arms);

        Assert.Equal("not measured", audit.Verdict);
        Assert.Contains("no synthetic image was kept", audit.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_OnlyAWidenedGapIsAFinding_WithItsChangeAndInterval()
    {
        var widened = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 8), (10, 8), (10, 8)], augmented: [(10, 5), (10, 6), (10, 4)]));
        var narrowed = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 5), (10, 6), (10, 4)], augmented: [(10, 9), (10, 9), (10, 9)]));
        var noise = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 8), (10, 8), (10, 8)], augmented: [(10, 7), (10, 9), (10, 7)]));
        var oneSeed = ImageBias.Audit(Site, Truth, Arms(baseline: [(10, 8)], augmented: [(10, 5)]));

        var findings = ImageBias.Findings([narrowed, widened with { Attribute = "ink" }, noise, oneSeed]);

        var finding = Assert.Single(findings);
        Assert.Equal(ImageBias.GapCheck, finding.Check);
        Assert.StartsWith("ink: synthetic images widened the classifier's accuracy gap between groups by +30.0 points ('real + classic + synthetic' vs 'real + classic', 95% CI +", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith(" over seeds)", finding.Message, StringComparison.Ordinal);
        Assert.Empty(ImageBias.Findings([narrowed, noise, oneSeed]));
    }

    [Fact]
    public void Select_UnknownOrTooWideColumn_OneLineErrors()
    {
        var shape = new ImageShape(1, 2, 2);
        var images = new ImageSet(shape, new float[60 * 4], new int[60], ["x"], null,
            [new ImageAttribute("site", [.. Enumerable.Repeat("a", 60)]), new ImageAttribute("id", [.. Enumerable.Range(0, 60).Select(i => $"p{i}")])]);

        Assert.Equal(["site"], ImageBias.Select(images, ["SITE"]).Select(a => a.Name));
        Assert.Contains("images.audit names 'sex', which is not a labels.csv column (its attributes: site, id)",
            Assert.Throws<InvalidDataException>(() => ImageBias.Select(images, ["sex"])).Message, StringComparison.Ordinal);
        Assert.Contains("labels.csv column 'id' has 60 distinct values; an audited attribute may have at most 50",
            Assert.Throws<InvalidDataException>(() => ImageBias.Select(images, null)).Message, StringComparison.Ordinal);
        Assert.Contains("no labels.csv", Assert.Throws<InvalidDataException>(() => ImageBias.Select(images.WithAttributes(null), ["site"])).Message, StringComparison.Ordinal);
        Assert.Empty(ImageBias.Select(images.WithAttributes(null), null));
    }

    /// <summary>The four arms; the two without synthetic images share <paramref name="baseline"/>'s per-seed (correct in
    /// a, correct in b) counts, the two with them <paramref name="augmented"/>'s; group c is always right.</summary>
    private static List<(string Arm, IReadOnlyList<int[]> Predictions)> Arms((int A, int B)[] baseline, (int A, int B)[] augmented)
    {
        static int[] Predict((int A, int B) correct) =>
            [.. Enumerable.Range(0, 22).Select(i => i < 10 ? (i < correct.A ? 0 : 1) : i < 20 ? (i - 10 < correct.B ? 0 : 1) : 0)];
        return
        [
            ("real", baseline.Select(Predict).ToList()),
            (ImageBias.BaselineArm, baseline.Select(Predict).ToList()),
            ("real + synthetic", augmented.Select(Predict).ToList()),
            (ImageBias.AugmentedArm, augmented.Select(Predict).ToList()),
        ];
    }
}
