using System.Text;
using static Augment.Pipeline.Reports.ReportHtml;

namespace Augment.Pipeline.Reports;

/// <summary>The sections of report.html, in page order.</summary>
internal static class ReportHtmlSections
{
    public static void Audit(StringBuilder page, RunReport report)
    {
        var outcome = report.AuditOutcome;
        page.Append("<section id=\"audit\"><h2>Audit</h2><p>").Append(E($"Policy: {outcome.Policy}. Decision: {outcome.Decision}."));
        if (outcome.Reviewer is not null || outcome.Comment is not null)
        {
            page.Append(E($" Reviewer: {outcome.Reviewer ?? "(not given)"}. Comment: {outcome.Comment ?? "(none)"}."));
        }

        page.Append("</p>");
        if (outcome.Findings.Count == 0)
        {
            page.Append("<p>No findings.</p>");
        }
        else
        {
            Table(page, ["check", "finding"], outcome.Findings.Select(f => (IReadOnlyList<string>)[f.Check, f.Message]));
        }

        page.Append("</section>");
    }

    public static void Filter(StringBuilder page, RunReport report)
    {
        var filter = report.Filter;
        page.Append("<section id=\"filter\"><h2>Filtering</h2><p>").Append(E($"{filter.Sampled:N0} rows sampled, {filter.Kept:N0} kept.")).Append("</p>");
        Table(page, ["step", "rows in", "dropped", "rule", "examples"],
            filter.Steps.Select(s => (IReadOnlyList<string>)[s.Step, s.Before.ToString("N0"), s.Dropped.ToString("N0"), s.Rule, string.Join("; ", s.Examples)]));
        if (filter.Constraints.Count > 0)
        {
            Table(page, ["constraint", "sampled rows breaking it", "real training rows breaking it"],
                filter.Constraints.Select(c => (IReadOnlyList<string>)[c.Constraint, c.SyntheticViolations.ToString("N0"), c.RealViolations.ToString("N0")]));
        }

        page.Append("</section>");
    }

    public static void Utility(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"utility\"><h2>Utility</h2>");
        if (report.Evaluation?.Utility is not { } utility)
        {
            page.Append("<p>").Append(E(ReportHeadline.UtilityWords(report))).Append("</p></section>");
            return;
        }

        page.Append("<p class=\"verdict\">").Append(E(ReportHeadline.UtilityWords(report))).Append("</p>");
        if (utility.Recommendation is { } recommendation)
        {
            page.Append("<p class=\"recommendation\">").Append(E($"Recommended: {recommendation.Arm} — {recommendation.Reason}")).Append("</p>");
        }

        page.Append("<p>").Append(E($"Target '{utility.Target}', minority class '{utility.MinorityClass}', {utility.HoldoutRows:N0} holdout rows. Resampling happens inside the training rows only.")).Append("</p>");
        Table(page, ["arm", "model", "train rows", "accuracy", "ROC AUC", "PR AUC", "macro-F1", "minority recall"],
            utility.Arms.Select(a => (IReadOnlyList<string>)[a.Arm, a.Model, a.TrainRows.ToString("N0"), N(a.Accuracy, "0.0000"), N(a.RocAuc, "0.0000"), N(a.PrAuc, "0.0000"), N(a.MacroF1, "0.0000"), N(a.MinorityRecall, "0.0000")]));
        foreach (var skipped in utility.Skipped)
        {
            page.Append("<p class=\"note\">").Append(E($"Arm '{skipped.Arm}' not applicable: {skipped.Reason}")).Append("</p>");
        }

        page.Append("<p>").Append(E("Each verdict compares the augmented arm with a baseline by a paired bootstrap of the held-out rows: 'helped' needs the whole 95% CI above +margin, 'hurt' the whole CI below −margin; anything else is 'no effect'.")).Append("</p>");
        Table(page, ["verdict", "metric", "arm", "baseline", "difference", "CI low", "CI high", "margin", "where the CI lies", "resamples", "note"],
            utility.Verdicts.Select(v => (IReadOnlyList<string>)[v.Verdict, v.Metric, v.Arm, v.Baseline, N(v.Difference, "+0.0000;-0.0000;0"), N(v.Lower, "+0.0000;-0.0000;0"), N(v.Upper, "+0.0000;-0.0000;0"), "±" + ReportHeadline.Margin(v), ReportHeadline.CiShort(v), v.Resamples.ToString("N0"), v.Note ?? ""]));
        foreach (var warning in utility.Warnings)
        {
            page.Append("<p class=\"warn\">").Append(E(warning)).Append("</p>");
        }

        page.Append("</section>");
    }

    public static void Fidelity(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"fidelity\"><h2>Fidelity</h2>");
        if (report.Evaluation is not { } ev)
        {
            page.Append("<p>Not evaluated.</p></section>");
            return;
        }

        page.Append("<p>").Append(E($"Column shapes {N(ev.Shapes.Score)}, column-pair trends {N(ev.Trends.Score)}, detection {(ev.Detection is { } det ? $"{N(det.Score)} (AUC {N(det.Auc)})" : "n/a")}: all {ev.SyntheticRows:N0} synthetic rows against the {ev.HoldoutRows:N0} held-out real rows, whatever their class (the verdict above says what that means for this run's class mix). Charts: share of rows per category or per equal-width bin.")).Append("</p>");
        if (report.Fidelity is { Sdmetrics: var sd } fid)
        {
            page.Append("<p>").Append(E($"SDMetrics (unconditional, all synthetic rows vs the {fid.Comparisons[0].RealRows:N0} real rows the model was fitted on): quality {N(sd.Quality)}, column shapes {N(sd.ColumnShapes)}, column-pair trends {N(sd.ColumnPairTrends)}, logistic detection {N(sd.LogisticDetection ?? double.NaN)}.")).Append("</p>");
            if (fid.Comparisons.FirstOrDefault(c => c.GbtDetectionAuc is not null) is { GbtDetectionAuc: { } gbt } gbtBlock)
            {
                page.Append("<p>").Append(E($"Gradient-boosted detection (LightGBM, ours, not an SDMetrics metric): a tree model tells the synthetic rows from the {gbtBlock.RealRows:N0} held-out real rows with AUC {N(gbt)} (0.5 = cannot tell; the logistic detector's AUC is {N(gbtBlock.DetectionAuc ?? double.NaN)}). Trees see interactions a linear detector misses, so this is the stricter test.")).Append("</p>");
            }
        }

        Table(page, ["column", "metric", "score"], ev.Shapes.Columns.Select(c => (IReadOnlyList<string>)[c.Column, c.Metric, N(c.Score)]));
        Legend(page, (SvgCharts.RealColor, "real (holdout)"), (SvgCharts.SyntheticColor, "synthetic"));
        page.Append("<div class=\"charts\">");
        foreach (var d in ev.Distributions)
        {
            page.Append("<figure class=\"distribution\">").Append(SvgCharts.Distribution(d)).Append("<figcaption>").Append(E(d.Column)).Append("</figcaption></figure>");
        }

        page.Append("</div></section>");
    }

    public static void Correlations(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"correlations\"><h2>Correlations</h2>");
        if (report.Evaluation?.Correlations is not { Columns.Count: > 1 } c)
        {
            page.Append("<p>Fewer than two numeric columns: no correlation heatmap.</p></section>");
            return;
        }

        page.Append("<p>Pearson correlation of each pair of numeric columns, held-out real rows and synthetic rows: blue −1, white 0, red +1; each cell shows its value.</p><div class=\"charts\">")
            .Append("<figure>").Append(SvgCharts.Heatmap(c.Columns, c.Real, "Correlations, real (holdout)")).Append("<figcaption>real (holdout)</figcaption></figure>")
            .Append("<figure>").Append(SvgCharts.Heatmap(c.Columns, c.Synthetic, "Correlations, synthetic")).Append("<figcaption>synthetic</figcaption></figure>")
            .Append("</div></section>");
    }

    public static void Privacy(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"privacy\"><h2>Privacy</h2>");
        if (report.Evaluation?.Privacy is not { } p)
        {
            page.Append("<p>Not evaluated.</p></section>");
            return;
        }

        Table(page, ["metric", "synthetic", "holdout (reference)"],
        [
            ["share closer to train than to holdout (ideal 50%)", P(p.ShareCloserToTrain), ""],
            ["share below the holdout's 2nd-percentile DCR (ideal ≈ 2%)", P(p.ShareBelowHoldoutP2), N(p.HoldoutP2)],
            ["exact copies of training rows", P(p.ExactCopyShare), P(p.HoldoutExactCopyShare)],
            ["median DCR", N(p.MedianDcr), N(p.MedianHoldoutDcr)],
            ["mean nearest-neighbour distance ratio", N(p.MeanNndr), N(p.HoldoutMeanNndr)],
        ]);
        if (report.Evaluation.DcrHistogram is { } h)
        {
            Legend(page, (SvgCharts.RealColor, "holdout rows"), (SvgCharts.SyntheticColor, "synthetic rows"));
            page.Append("<figure>").Append(SvgCharts.Histogram(h.Edges, h.Holdout, h.Synthetic, "holdout", "synthetic", "Distance to the closest training row"))
                .Append("<figcaption>distance to the closest training row (DCR)</figcaption></figure>");
        }

        page.Append("</section>");
    }

    public static void Parity(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"parity\"><h2>Groups</h2>");
        if (report.Audit.Attributes.Count == 0)
        {
            page.Append("<p>No sensitive attributes were audited.</p>");
        }
        else
        {
            Legend(page, (SvgCharts.RealColor, "real"), (SvgCharts.SyntheticColor, "synthetic"), (SvgCharts.AugmentedColor, "augmented"));
            page.Append("<div class=\"charts\">");
            foreach (var attribute in report.Audit.Attributes)
            {
                var groups = attribute.Groups.Select(g => (g.Group, g.Real, g.Synthetic, g.Augmented)).ToList();
                page.Append("<figure class=\"parity\">").Append(SvgCharts.GroupBars(groups, $"Group shares of {attribute.Attribute}"))
                    .Append("<figcaption>").Append(E($"{attribute.Attribute}: largest share change, real to augmented, {P(attribute.MaxShareShift)} (limit {P(report.Spec.Quality.MaxShareShift)})")).Append("</figcaption></figure>");
            }

            page.Append("</div>");
        }

        if (report.Evaluation?.Bias is { } bias)
        {
            page.Append("<p>").Append(E($"Base rates are the share of class '{bias.PositiveClass}' per group, in the real training rows and in the augmented rows (training + synthetic). 'Amplified' means the parity difference grew, or the impact ratio fell, by more than {N(bias.Threshold)}.")).Append("</p>");
            Table(page, ["attribute", "parity difference real", "augmented", "impact ratio real", "augmented", "amplified"],
                bias.Attributes.Select(a => (IReadOnlyList<string>)[a.Attribute, N(a.RealParityDifference), N(a.AugmentedParityDifference), N(a.RealImpactRatio), N(a.AugmentedImpactRatio), a.Amplified ? "yes" : "no"]));
            Table(page, ["attribute = group", "base rate real", "synthetic", "augmented"],
                bias.Attributes.SelectMany(a => a.Groups.Select(g => (IReadOnlyList<string>)[$"{a.Attribute} = {g.Group}", P(g.RealBaseRate), P(g.SyntheticBaseRate), P(g.AugmentedBaseRate)])));
        }

        if (report.Audit.ClassCountsBefore is { } before && report.Audit.ClassCountsAfter is { } after)
        {
            Table(page, ["class", "real training rows", "augmented rows"],
                after.Select(a => (IReadOnlyList<string>)[a.Key, before.FirstOrDefault(b => b.Key == a.Key).Value.ToString("N0"), a.Value.ToString("N0")]));
        }

        page.Append("</section>");
    }

    public static void Run(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"run\"><h2>Run</h2>");
        Table(page, ["stage", "seconds"], report.Stages.Select(s => (IReadOnlyList<string>)[s.Stage, N(s.Seconds, "0.00")]));
        if (report.Evaluation is { } ev)
        {
            Table(page, ["evaluation step", "seconds"], ev.Timings.Select(t => (IReadOnlyList<string>)[t.Metric, N(t.Seconds, "0.00")]));
            foreach (var note in ev.Notes)
            {
                page.Append("<p>").Append(E(note)).Append("</p>");
            }
        }

        page.Append("<p>Defaults applied:</p><ul>");
        foreach (var line in report.Spec.Defaults)
        {
            page.Append("<li>").Append(E(line)).Append("</li>");
        }

        page.Append("</ul>");
        Table(page, ["column", "kind", "missing", "distinct"], report.Columns.Select(c => (IReadOnlyList<string>)[c.Name, c.Kind, c.Missing.ToString("N0"), c.Distinct.ToString("N0")]));
        page.Append("</section>");
    }
}
