using System.Text.Json;
using Augment.Pipeline.Reports;

namespace Augment.Pipeline.Tests.Reports;

public class ReportHtmlTests
{
    [Fact]
    public void Render_HostileNames_AreEscapedEverywhere()
    {
        var html = ReportHtml.Render(ReportSamples.Build());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("hours &amp; &quot;pay&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SelfContained_NoExternalReferences()
    {
        var html = ReportHtml.Render(ReportSamples.Build());

        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
        foreach (var id in new[] { "verdict", "audit", "filter", "utility", "fidelity", "correlations", "privacy", "parity", "run" })
        {
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_OneChartPerColumn_AndVerdictInWords()
    {
        var report = ReportSamples.Build();
        var html = ReportHtml.Render(report);

        Assert.Equal(report.Evaluation!.Distributions.Count, CountOf(html, "<figure class=\"distribution\">"));
        Assert.Equal(1, CountOf(html, "<figure class=\"parity\">"));
        var verdict = report.Evaluation.Utility!.Verdicts[0].Verdict;
        var words = verdict switch { "helped" => "helped", "hurt" => "hurt", _ => "made no clear difference to" };
        Assert.Contains($"Adding the synthetic rows {words}", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"recommendation\">Recommended: {report.Evaluation.Utility.Recommendation!.Arm} — ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasSchemaVersionAndEverySection()
    {
        var report = ReportSamples.Build();
        var json = JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(RunReport.CurrentSchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(6, root.GetProperty("filter").GetProperty("steps").GetArrayLength());
        var evaluation = root.GetProperty("evaluation");
        foreach (var name in new[] { "shapes", "trends", "privacy", "detection", "utility", "bias", "distributions", "correlations", "dcrHistogram", "timings" })
        {
            Assert.NotEqual(JsonValueKind.Null, evaluation.GetProperty(name).ValueKind);
        }

        Assert.Equal("warn", root.GetProperty("spec").GetProperty("quality").GetProperty("auditPolicy").GetString());
        var back = JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport)!;
        Assert.Equal(report.Filter.Steps.Select(s => s.Dropped), back.Filter.Steps.Select(s => s.Dropped));
        Assert.Equal(report.Evaluation!.Utility!.Verdicts[0].Verdict, back.Evaluation!.Utility!.Verdicts[0].Verdict);
        Assert.Equal(report.Evaluation.Utility.Recommendation, back.Evaluation.Utility.Recommendation);
        Assert.NotNull(evaluation.GetProperty("utility").GetProperty("recommendation").GetProperty("arm").GetString());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
