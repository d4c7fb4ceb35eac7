using System.Text.RegularExpressions;
using Augment.Evaluation;
using Augment.Pipeline.Reports;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Tests.Reports;

public class ReportHeadlineTests
{
    private static UtilityVerdict Verdict(double lower, double upper, string verdict = "no effect") =>
        new(verdict, "roc_auc", "augmented", "real-only", (lower + upper) / 2, lower, upper, 1000, 0.005);

    [Fact]
    public void CiWords_CiWhollyBelowZeroButInsideTheMargin_SaysSoWithTheMargin()
    {
        var words = ReportHeadline.CiWords(Verdict(-0.0066, -0.0024));

        Assert.Equal("The CI lies wholly below zero (a loss is likely) but is not wholly beyond ±0.005, the margin of practical equivalence: no effect.", words);
        Assert.Equal("below 0, not beyond −0.005", ReportHeadline.CiShort(Verdict(-0.0066, -0.0024)));
    }

    [Theory]
    [InlineData(0.006, 0.01, "The whole CI lies above +0.005")]
    [InlineData(-0.02, -0.006, "The whole CI lies below −0.005")]
    [InlineData(-0.002, 0.003, "spans zero and is wholly inside ±0.005")]
    [InlineData(0.001, 0.004, "lies wholly above zero (a gain is likely) and is wholly inside ±0.005")]
    public void CiWords_EachPlaceOfTheCi_Described(double lower, double upper, string expected) =>
        Assert.Contains(expected, ReportHeadline.CiWords(Verdict(lower, upper)), StringComparison.Ordinal);

    [Fact]
    public void Verdict_EveryHeadlineNumber_HasItsSentence()
    {
        var html = ReportHtml.Render(ReportSamples.Build());

        var rows = Regex.Matches(html, "<tr class=\"headline-metric\" data-metric=\"([a-z-]+)\">.*?<td class=\"explain\">([^<]*)</td>");
        Assert.Superset(new HashSet<string> { "rows", "shapes", "trends", "detection", "privacy", "utility", "tstr", "audit" }, rows.Select(m => m.Groups[1].Value).ToHashSet());
        Assert.All(rows, m => Assert.True(m.Groups[2].Value.Length >= 60, $"{m.Groups[1].Value}: '{m.Groups[2].Value}'"));
        Assert.Contains("±0.005", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Verdict_BalanceModeWithOneSyntheticClass_ExplainsTheLowUnconditionalShapes()
    {
        var report = ReportSamples.Build();
        var before = report.Audit.ClassCountsBefore!;
        var after = before.Select(c => c.Key == "yes" ? new KeyValuePair<string, int>(c.Key, c.Value + report.Rows.Synthetic) : c).ToList();
        report = report with { Spec = report.Spec with { Rows = RowsRequest.BalanceClasses }, Audit = report.Audit with { ClassCountsAfter = after } };

        var html = ReportHtml.Render(report);

        Assert.Contains("synthetic rows (all of class &#39;yes&#39;) against the", html, StringComparison.Ordinal);
        Assert.Contains("In balance mode the synthetic rows are all of class &#39;yes&#39;, the held-out rows every class, so this unconditional score is low by design", html, StringComparison.Ordinal);
    }
}
