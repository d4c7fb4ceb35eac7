using System.Globalization;
using System.Text;
using Augment.Evaluation;
using static Augment.Pipeline.Reports.ReportHtml;

namespace Augment.Pipeline.Reports;

/// <summary>
/// The verdict section: one row per headline number (<c>tr.headline-metric</c>), each with one sentence
/// (<c>td.explain</c>) saying which synthetic rows it compares with which real rows, written from what the report
/// holds (the spec's rows mode, class counts, row counts), and the margin any verdict was judged against.
/// </summary>
internal static class ReportHeadline
{
    public static void Verdict(StringBuilder page, RunReport report)
    {
        var findings = report.AuditOutcome.Findings.Count;
        var mix = ClassMix.From(report);
        var rows = new List<(string Key, string Name, string Value, string Explain)>
        {
            ("rows", "Synthetic rows added", report.Rows.Synthetic.ToString("N0", CultureInfo.InvariantCulture), RowsSentence(report, mix)),
        };

        if (report.Evaluation is { } ev)
        {
            var skew = mix is { Skewed: true }
                ? $" {mix.SkewReason(report)}, so this unconditional score is low by design: see the per-class score."
                : "";
            rows.Add(("shapes", "Column shapes", N(ev.Shapes.Score, "0.000"),
                $"All {ev.SyntheticRows:N0} synthetic rows{mix?.SyntheticWords()} against the {ev.HoldoutRows:N0} held-out real rows{mix?.RealWords()}, column by column (1 = identical distributions).{skew}"));
            rows.Add(("trends", "Column-pair trends", N(ev.Trends.Score, "0.000"),
                $"The same rows, pair of columns by pair: correlations and contingency tables compared (1 = identical).{(mix is { Skewed: true } ? " Low by design for the same reason." : "")}"));
            if (report.Quality.ColumnShapes is { } perClass && report.Spec.Target is { } target)
            {
                rows.Add(("shapes-per-class", "Column shapes per class", N(perClass, "0.000"),
                    $"The synthetic rows of each '{target}' class against the real training rows of that class, weighted by the synthetic class shares: the like-for-like comparison, whatever the class mix."));
            }

            if (ev.Detection is { } det)
            {
                rows.Add(("detection", "Detection", N(det.Score, "0.000"),
                    $"A logistic regression tries to tell the synthetic rows from the held-out real rows: AUC {N(det.Auc, "0.000")} (0.5 = cannot tell); score = 1 − (2·max(AUC, 0.5) − 1).{(mix is { Skewed: true } ? " With the classes skewed, the target column alone gives many synthetic rows away." : "")}"));
            }

            if (ev.Privacy is { } privacy)
            {
                rows.Add(("privacy", "Closer to training", P(privacy.ShareCloserToTrain),
                    $"Share of synthetic rows nearer to a training row than to any held-out real row: 50 % is ideal, much more suggests memorisation. Exact copies of a training row: {P(privacy.ExactCopyShare)} (held-out rows: {P(privacy.HoldoutExactCopyShare)})."));
            }
        }

        if (report.Evaluation?.Utility is { } utility)
        {
            var v = utility.Verdicts.Count > 0 ? utility.Verdicts[0] : null;
            rows.Add(("utility", "Utility", v is null ? "n/a" : v.Verdict == UtilityVerdict.NotApplicable ? "no verdict" : $"{v.Verdict} ({N(v.Difference, "+0.0000;-0.0000;0")})", UtilityWords(report)));
            rows.Add(("tstr", "Train on synthetic", utility.Tstr is { } tstr ? N(tstr.RocAuc, "0.000") : "skipped", TstrSentence(utility)));
        }
        else
        {
            rows.Add(("utility", "Utility", "n/a", UtilityWords(report)));
        }

        rows.Add(("audit", "Audit", report.AuditOutcome.Decision, findings == 0
            ? $"Group shares, parity, privacy and utility checks found nothing to flag (policy '{report.AuditOutcome.Policy}'; limits: group share change ≤ {P(report.Spec.Quality.MaxShareShift)}, parity difference growth ≤ {N(report.Spec.Quality.MaxParityIncrease)})."
            : $"{findings} finding(s) under policy '{report.AuditOutcome.Policy}' (limits: group share change ≤ {P(report.Spec.Quality.MaxShareShift)}, parity difference growth ≤ {N(report.Spec.Quality.MaxParityIncrease)}); see Audit."));

        page.Append("<section id=\"verdict\"><h2>Verdict</h2><div class=\"verdict ").Append(findings == 0 ? "ok" : "warn").Append("\">");
        page.Append("<p>").Append(E(Summary(report))).Append("</p>");
        page.Append("<table class=\"headline\"><colgroup><col class=\"name\"><col class=\"value\"><col></colgroup><tr><th>measure</th><th>value</th><th>what it compares</th></tr>");
        foreach (var (key, name, value, explain) in rows)
        {
            page.Append("<tr class=\"headline-metric\" data-metric=\"").Append(E(key)).Append("\"><th>").Append(E(name))
                .Append(IsNumber(value) ? "</th><td class=\"num value\">" : "</th><td class=\"value\">").Append(E(value)).Append("</td><td class=\"explain\">").Append(E(explain)).Append("</td></tr>");
        }

        page.Append("</table></div></section>");
    }

    /// <summary>The utility verdict in plain words, with the margin it was judged against and where its CI lies.</summary>
    public static string UtilityWords(RunReport report)
    {
        if (report.Evaluation?.Utility is not { Verdicts.Count: > 0 } utility)
        {
            return "Utility was not evaluated (it needs a target column and synthetic rows).";
        }

        var v = utility.Verdicts[0];
        if (v.Verdict == UtilityVerdict.NotApplicable)
        {
            return $"No utility verdict: {v.Note}";
        }

        var meaning = v.Verdict switch
        {
            "helped" => "helped",
            "hurt" => "hurt",
            _ => "made no clear difference to",
        };
        var text = $"Adding the synthetic rows {meaning} a gradient-boosted classifier of '{utility.Target}', scored on the {utility.HoldoutRows:N0} held-out real rows: {Metric(v.Metric)} {Signed(v.Difference)} vs {v.Baseline}, 95 % bootstrap CI {Ci(v)}. {CiWords(v)}";
        if (utility.Verdicts.Count > 1)
        {
            var b = utility.Verdicts[1];
            text += $" Vs the best resampling baseline ({b.Baseline}): {b.Verdict}, {Signed(b.Difference)}, CI {Ci(b)}, {CiShort(b)}.";
        }

        return text;
    }

    /// <summary>Where a verdict's CI lies relative to zero and to ±margin, in a sentence.</summary>
    public static string CiWords(UtilityVerdict v)
    {
        var m = Margin(v);
        if (v.Lower > v.Margin)
        {
            return $"The whole CI lies above +{m}, the margin of practical equivalence: a gain that matters.";
        }

        if (v.Upper < -v.Margin)
        {
            return $"The whole CI lies below −{m}, the margin of practical equivalence: a loss that matters.";
        }

        var side = v.Lower > 0 ? "lies wholly above zero (a gain is likely)"
            : v.Upper < 0 ? "lies wholly below zero (a loss is likely)"
            : "spans zero";
        var within = v.Lower >= -v.Margin && v.Upper <= v.Margin
            ? $"and is wholly inside ±{m}, the margin of practical equivalence, so any change is too small to matter"
            : $"but is not wholly beyond ±{m}, the margin of practical equivalence";
        return $"The CI {side} {within}: no effect.";
    }

    /// <summary>Where a verdict's CI lies, in a few words (for the verdicts table).</summary>
    public static string CiShort(UtilityVerdict v) =>
        v.Lower > v.Margin ? $"wholly above +{Margin(v)}"
        : v.Upper < -v.Margin ? $"wholly below −{Margin(v)}"
        : v.Lower > 0 ? $"above 0, not beyond +{Margin(v)}"
        : v.Upper < 0 ? $"below 0, not beyond −{Margin(v)}"
        : "spans 0";

    public static string Margin(UtilityVerdict v) => v.Margin.ToString("0.0###", CultureInfo.InvariantCulture);

    private static string Summary(RunReport report)
    {
        var findings = report.AuditOutcome.Findings.Count;
        return $"{report.Rows.Synthetic:N0} synthetic rows were added to {report.Rows.Train:N0} real training rows; {report.Rows.Holdout:N0} real rows were held out to judge them. "
            + (findings == 0 ? "The audit found nothing to flag." : $"The audit found {findings} issue(s); decision: {report.AuditOutcome.Decision}.");
    }

    private static string RowsSentence(RunReport report, ClassMix? mix)
    {
        var dropped = report.Rows.Sampled - report.Rows.Synthetic;
        var mode = report.Spec.Rows switch
        {
            { Balance: true } => "rows \"balance\": the smaller classes are filled up to the largest",
            { IsAuto: true } => "rows \"auto\"",
            var r => $"rows {r.Count:N0} requested",
        };
        return $"Kept {report.Rows.Synthetic:N0} of {report.Rows.Sampled:N0} sampled rows{mix?.SyntheticWords()} ({dropped:N0} filtered out, see Filtering), added to the {report.Rows.Train:N0} real training rows; {mode}.";
    }

    private static string TstrSentence(UtilityReport utility)
    {
        var realOnly = utility.Arms.FirstOrDefault(a => a.Arm == "real-only" && a.Model == "gbt") ?? utility.Arms.FirstOrDefault(a => a.Arm == "real-only");
        var reference = realOnly is null ? "" : $" (the same classifier trained on the real training rows: {N(realOnly.RocAuc, "0.000")})";
        if (utility.Tstr is { } tstr)
        {
            return $"ROC AUC on the {utility.HoldoutRows:N0} held-out real rows of a classifier trained on the {tstr.TrainRows:N0} synthetic rows only{reference}.";
        }

        var skipped = utility.Skipped.FirstOrDefault(s => s.Arm == "tstr");
        return skipped is null
            ? "Training on synthetic rows only was not run."
            : $"Not scored: {skipped.Reason}";
    }

    private static string Metric(string metric) => metric == "roc_auc" ? "ROC AUC" : metric;

    private static string Signed(double v) => N(v, "+0.0000;-0.0000;0");

    private static string Ci(UtilityVerdict v) => $"[{N(v.Lower, "+0.0000;-0.0000;0")}, {N(v.Upper, "+0.0000;-0.0000;0")}]";

    /// <summary>Real (training) and synthetic rows per class of the target, from the audit's class counts.</summary>
    private sealed record ClassMix(string Target, IReadOnlyList<(string Class, int Real, int Synthetic)> Classes)
    {
        public static ClassMix? From(RunReport report)
        {
            if (report.Spec.Target is not { } target || report.Audit.ClassCountsBefore is not { Count: > 0 } before || report.Audit.ClassCountsAfter is not { } after)
            {
                return null;
            }

            var classes = before.Select(b => (b.Key, b.Value, Math.Max(0, after.FirstOrDefault(a => a.Key == b.Key).Value - b.Value))).ToList();
            return classes.Sum(c => c.Item3) == 0 ? null : new ClassMix(target, classes);
        }

        private int RealTotal => Classes.Sum(c => c.Real);

        private int SyntheticTotal => Classes.Sum(c => c.Synthetic);

        /// <summary>True when the synthetic class shares differ from the real ones by more than 10 points for some class.</summary>
        public bool Skewed => Classes.Any(c => Math.Abs(((double)c.Real / RealTotal) - ((double)c.Synthetic / SyntheticTotal)) > 0.10);

        public string SyntheticWords()
        {
            var present = Classes.Where(c => c.Synthetic > 0).ToList();
            return present.Count == 1
                ? $" (all of class '{present[0].Class}')"
                : $" ({string.Join(", ", present.Select(c => $"{P((double)c.Synthetic / SyntheticTotal)} '{c.Class}'"))})";
        }

        public string RealWords() =>
            $" ({string.Join(", ", Classes.Select(c => $"{P((double)c.Real / RealTotal)} '{c.Class}'"))}, as in the training rows: the split is stratified)";

        public string SkewReason(RunReport report)
        {
            var present = Classes.Where(c => c.Synthetic > 0).ToList();
            var which = present.Count == 1 ? $"all of class '{present[0].Class}'" : $"mostly of the smaller '{Target}' classes";
            return report.Spec.Rows.Balance
                ? $"In balance mode the synthetic rows are {which}, the held-out rows every class"
                : $"The synthetic rows' '{Target}' classes are not in the real proportions";
        }
    }
}
