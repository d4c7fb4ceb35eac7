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
        body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1240px;line-height:1.4}
        h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;font-size:13px}
        th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .verdict{font-size:15px;padding:12px;border-radius:6px;background:#eef4fb}.verdict p{margin:4px 0}
        .warn{background:#fff3e0}.ok{background:#eaf6ea}.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
        table.headline{background:#fff;width:100%;table-layout:fixed}table.headline col.name{width:170px}table.headline col.value{width:170px}
        table.headline td.value{font-size:17px;font-weight:600}table.headline td.explain{color:#333}
        figure{margin:0;border:1px solid #eee;padding:6px;display:inline-block}figcaption{font-size:13px;color:#444}
        .key span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
        td.examples{font-size:12px;color:#444;max-width:460px}p.note{color:#444}
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

        ReportHeadline.Verdict(page, report);
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

    /// <summary>
    /// A table whose columns align by content: a column whose every non-empty cell is a number (<see cref="IsNumber"/>)
    /// is right-aligned, header included; every other column is left-aligned text.
    /// </summary>
    internal static void Table(StringBuilder page, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null)
    {
        var body = rows.ToList();
        var numeric = Enumerable.Range(0, header.Count)
            .Select(i => body.Any(r => i < r.Count && r[i].Length > 0) && body.All(r => i >= r.Count || r[i].Length == 0 || IsNumber(r[i])))
            .ToArray();
        page.Append(cssClass is null ? "<table><tr>" : $"<table class=\"{cssClass}\"><tr>");
        for (var i = 0; i < header.Count; i++)
        {
            page.Append(numeric[i] ? "<th class=\"num\">" : "<th>").Append(E(header[i])).Append("</th>");
        }

        page.Append("</tr>");
        foreach (var row in body)
        {
            page.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                page.Append(i < numeric.Length && numeric[i] ? "<td class=\"num\">" : "<td>").Append(E(row[i])).Append("</td>");
            }

            page.Append("</tr>");
        }

        page.Append("</table>");
    }

    /// <summary>True for a number as the report writes it: <c>8,200</c>, <c>-0.0123</c>, <c>+0.0040</c>, <c>12.5 %</c>, <c>n/a</c>.</summary>
    internal static bool IsNumber(string text)
    {
        var t = text.Trim();
        if (t is "n/a" or "NaN")
        {
            return true;
        }

        if (t.EndsWith('%'))
        {
            t = t[..^1].TrimEnd();
        }

        var digits = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var c = t[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c is ',' or '.' || (i == 0 && c is '-' or '+' or '−')))
            {
                return false;
            }
        }

        return digits > 0;
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
