using System.Globalization;
using System.Text;

namespace Augment.Pipeline.Reports;

/// <summary>
/// Inline SVG charts for report.html, drawn in C# (no script, no network). Every text that came from data goes
/// through <see cref="Html.Escape"/>.
/// </summary>
internal static class SvgCharts
{
    public const string RealColor = "#3b6ea8";
    public const string SyntheticColor = "#e08a2c";
    public const string AugmentedColor = "#5a9e5a";

    /// <summary>Paired bars per label: real and synthetic shares.</summary>
    public static string Distribution(ColumnDistribution d)
    {
        const int width = 420, height = 170, left = 36, bottom = 40, top = 8;
        var n = Math.Max(1, d.Labels.Count);
        var max = Math.Max(1e-9, d.Real.Concat(d.Synthetic).DefaultIfEmpty(0).Max());
        var slot = (width - left - 4) / (double)n;
        var plot = height - bottom - top;
        var svg = Open(width, height, $"Distribution of {d.Column}: real vs synthetic");
        Axis(svg, left, top, width, plot, max);
        for (var i = 0; i < d.Labels.Count; i++)
        {
            var x = left + (i * slot);
            Bar(svg, x + (slot * 0.1), top + plot, slot * 0.4, plot * d.Real[i] / max, RealColor, $"{d.Labels[i]}: real {d.Real[i]:P1}");
            Bar(svg, x + (slot * 0.5), top + plot, slot * 0.4, plot * d.Synthetic[i] / max, SyntheticColor, $"{d.Labels[i]}: synthetic {d.Synthetic[i]:P1}");
            if (d.Kind == "categorical" || i % 4 == 0)
            {
                var label = d.Labels[i].Length > 10 ? d.Labels[i][..10] + "…" : d.Labels[i];
                svg.Append(Inv($"<text x=\"{x + (slot / 2):0.#}\" y=\"{top + plot + 12}\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-35 {x + (slot / 2):0.#} {top + plot + 12})\">"))
                    .Append(Html.Escape(label)).Append("</text>");
            }
        }

        return Close(svg);
    }

    /// <summary>A correlation heatmap: blue −1, white 0, red +1; NaN grey.</summary>
    public static string Heatmap(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<double>> matrix, string title)
    {
        var n = columns.Count;
        const int cell = 18, labels = 90;
        var size = labels + (n * cell) + 4;
        var svg = Open(size, size, title);
        for (var i = 0; i < n; i++)
        {
            var name = columns[i].Length > 14 ? columns[i][..14] + "…" : columns[i];
            svg.Append(Inv($"<text x=\"{labels - 4}\" y=\"{labels + (i * cell) + 13}\" font-size=\"9\" text-anchor=\"end\">")).Append(Html.Escape(name)).Append("</text>");
            svg.Append(Inv($"<text x=\"{labels + (i * cell) + 12}\" y=\"{labels - 4}\" font-size=\"9\" transform=\"rotate(-60 {labels + (i * cell) + 12} {labels - 4})\">")).Append(Html.Escape(name)).Append("</text>");
            for (var j = 0; j < n; j++)
            {
                var v = matrix[i][j];
                svg.Append(Inv($"<rect x=\"{labels + (j * cell)}\" y=\"{labels + (i * cell)}\" width=\"{cell - 1}\" height=\"{cell - 1}\" fill=\"{Diverging(v)}\">"))
                    .Append("<title>").Append(Html.Escape($"{columns[i]} × {columns[j]}: {Format(v)}")).Append("</title></rect>");
            }
        }

        return Close(svg);
    }

    /// <summary>Two overlaid histograms over shared bins (shares per bin).</summary>
    public static string Histogram(IReadOnlyList<double> edges, IReadOnlyList<double> first, IReadOnlyList<double> second, string firstName, string secondName, string title)
    {
        const int width = 560, height = 200, left = 36, bottom = 28, top = 8;
        var bins = first.Count;
        var max = Math.Max(1e-9, first.Concat(second).DefaultIfEmpty(0).Max());
        var plot = height - bottom - top;
        var slot = (width - left - 4) / (double)Math.Max(1, bins);
        var svg = Open(width, height, title);
        Axis(svg, left, top, width, plot, max);
        for (var i = 0; i < bins; i++)
        {
            var x = left + (i * slot);
            var range = $"[{Format(edges[i])}, {Format(edges[i + 1])})";
            Bar(svg, x, top + plot, slot - 1, plot * first[i] / max, RealColor, $"{firstName} {range}: {first[i]:P1}", 0.55);
            Bar(svg, x, top + plot, slot - 1, plot * second[i] / max, SyntheticColor, $"{secondName} {range}: {second[i]:P1}", 0.55);
            if (i % 5 == 0)
            {
                svg.Append(Inv($"<text x=\"{x:0.#}\" y=\"{top + plot + 14}\" font-size=\"9\">{Format(edges[i])}</text>"));
            }
        }

        return Close(svg);
    }

    /// <summary>Horizontal bars per group: real, synthetic and augmented shares.</summary>
    public static string GroupBars(IReadOnlyList<(string Group, double Real, double Synthetic, double Augmented)> groups, string title)
    {
        const int width = 520, row = 42, left = 150;
        var height = (groups.Count * row) + 10;
        var scale = width - left - 60;
        var svg = Open(width, height, title);
        for (var i = 0; i < groups.Count; i++)
        {
            var (group, real, synthetic, augmented) = groups[i];
            var y = 5 + (i * row);
            var name = group.Length > 24 ? group[..24] + "…" : group;
            svg.Append(Inv($"<text x=\"{left - 6}\" y=\"{y + 22}\" font-size=\"11\" text-anchor=\"end\">")).Append(Html.Escape(name)).Append("</text>");
            var k = 0;
            foreach (var (value, color, what) in new[] { (real, RealColor, "real"), (synthetic, SyntheticColor, "synthetic"), (augmented, AugmentedColor, "augmented") })
            {
                var by = y + (k++ * 12);
                svg.Append(Inv($"<rect x=\"{left}\" y=\"{by}\" width=\"{Math.Max(0.5, value * scale):0.#}\" height=\"11\" fill=\"{color}\">"))
                    .Append("<title>").Append(Html.Escape($"{group}: {what} {value:P1}")).Append("</title></rect>");
                svg.Append(Inv($"<text x=\"{left + (value * scale) + 4:0.#}\" y=\"{by + 9}\" font-size=\"9\">{value:P1}</text>"));
            }
        }

        return Close(svg);
    }

    private static StringBuilder Open(int width, int height, string title) =>
        new StringBuilder().Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">"))
            .Append("<title>").Append(Html.Escape(title)).Append("</title>");

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Axis(StringBuilder svg, int left, int top, int width, int plot, double max)
    {
        svg.Append(Inv($"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - 4}\" y2=\"{top + plot}\" stroke=\"#888\"/>"));
        svg.Append(Inv($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plot}\" stroke=\"#888\"/>"));
        svg.Append(Inv($"<text x=\"{left - 3}\" y=\"{top + 8}\" font-size=\"9\" text-anchor=\"end\">{max:P0}</text>"));
        svg.Append(Inv($"<text x=\"{left - 3}\" y=\"{top + plot}\" font-size=\"9\" text-anchor=\"end\">0</text>"));
    }

    private static void Bar(StringBuilder svg, double x, double baseline, double width, double height, string color, string tip, double opacity = 1)
    {
        height = double.IsFinite(height) ? Math.Max(0, height) : 0;
        svg.Append(Inv($"<rect x=\"{x:0.##}\" y=\"{baseline - height:0.##}\" width=\"{Math.Max(0.5, width):0.##}\" height=\"{height:0.##}\" fill=\"{color}\" fill-opacity=\"{opacity:0.##}\">"))
            .Append("<title>").Append(Html.Escape(tip)).Append("</title></rect>");
    }

    private static string Diverging(double v)
    {
        if (!double.IsFinite(v))
        {
            return "#cccccc";
        }

        v = Math.Clamp(v, -1, 1);
        var fade = (int)Math.Round(255 * (1 - Math.Abs(v)));
        return v >= 0 ? Inv($"#ff{fade:x2}{fade:x2}") : Inv($"#{fade:x2}{fade:x2}ff");
    }

    internal static string Format(double v) => double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
