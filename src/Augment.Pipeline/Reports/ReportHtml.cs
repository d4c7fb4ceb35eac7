using System.Globalization;
using System.Text;

namespace Augment.Pipeline.Reports;

/// <summary>Escapes text for HTML element content and quoted attribute values.</summary>
internal static class Html
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}

/// <summary>
/// Renders report.html from a <see cref="RunReport"/>: one self-contained page (inline CSS and SVG, no script, no
/// network; a Content-Security-Policy forbids loading anything). Sections have stable ids: <c>verdict</c>, <c>audit</c>,
/// <c>filter</c>, <c>utility</c>, <c>fidelity</c>, <c>correlations</c>, <c>privacy</c>, <c>parity</c>, <c>run</c>.
/// </summary>
public static class ReportHtml
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
        h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}
        th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}
        .verdict{font-size:17px;padding:12px;border-radius:6px;background:#eef4fb}
        .warn{background:#fff3e0}.ok{background:#eaf6ea}.charts{display:flex;flex-wrap:wrap;gap:12px}
        figure{margin:0;border:1px solid #eee;padding:6px}figcaption{font-size:12px;color:#555}
        .key span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
        """;

    /// <summary>Renders the page.</summary>
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var page = new StringBuilder(64 * 1024);
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
            .Append("<title>").Append(E($"Augmentation report: {report.Dataset}")).Append("</title><style>").Append(Style).Append("</style></head><body>");
        page.Append("<h1>").Append(E($"Augmentation report: {report.Dataset}")).Append("</h1>");
        page.Append("<p>").Append(E($"Run {report.RunId} · trigger {report.Trigger} · model {report.Model.Kind} · seed {report.Model.Seed}{(report.Model.Sampler is { } s ? $" · sampled by {s.Label}" : "")} · schema version {report.SchemaVersion}")).Append("</p>");

        ReportHtmlSections.Verdict(page, report);
        ReportHtmlSections.Audit(page, report);
        ReportHtmlSections.Filter(page, report);
        ReportHtmlSections.Utility(page, report);
        ReportHtmlSections.Fidelity(page, report);
        ReportHtmlSections.Correlations(page, report);
        ReportHtmlSections.Privacy(page, report);
        ReportHtmlSections.Parity(page, report);
        ReportHtmlSections.Run(page, report);
        page.Append("</body></html>");
        return page.ToString();
    }

    internal static string E(string? text) => Html.Escape(text);

    internal static string N(double v, string format = "0.###") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    internal static string P(double v) => double.IsFinite(v) ? v.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    internal static void Table(StringBuilder page, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, bool firstIsText = true)
    {
        page.Append("<table><tr>");
        foreach (var h in header)
        {
            page.Append("<th>").Append(E(h)).Append("</th>");
        }

        page.Append("</tr>");
        foreach (var row in rows)
        {
            page.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                page.Append(i == 0 && firstIsText ? "<td>" : "<td class=\"num\">").Append(E(row[i])).Append("</td>");
            }

            page.Append("</tr>");
        }

        page.Append("</table>");
    }

    internal static void Legend(StringBuilder page, params (string Color, string Name)[] items)
    {
        page.Append("<p class=\"key\">");
        foreach (var (color, name) in items)
        {
            page.Append("<span style=\"background:").Append(color).Append("\"></span>").Append(E(name));
        }

        page.Append("</p>");
    }
}
