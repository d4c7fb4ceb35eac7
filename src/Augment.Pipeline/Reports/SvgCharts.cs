using System.Globalization;
using System.Text;
using static Augment.Pipeline.Reports.SvgAxes;

namespace Augment.Pipeline.Reports;

/// <summary>
/// Inline SVG charts for report.html, drawn in C# (no script, no network). Every text that came from data goes
/// through <see cref="Html.Escape"/>. Every chart has the class <c>chart</c>; its value axes (<c>g.axis.value</c>) have
/// 4–6 tick labels (3 or more on a numeric column's span) and gridlines, its category labels (<c>g.category</c>) are wrapped, never cut, with the full text as
/// a tooltip (see <see cref="SvgAxes"/>).
/// </summary>
internal static class SvgCharts
{
    public const string RealColor = "#3b6ea8";
    public const string SyntheticColor = "#e08a2c";
    public const string AugmentedColor = "#5a9e5a";
    public const string FourthColor = "#8e5ea2";

    /// <summary>Real vs synthetic shares per category (horizontal bars) or per numeric bin (vertical bars).</summary>
    public static string Distribution(ColumnDistribution d) =>
        d.Kind == "categorical" ? CategoryBars(d) : BinBars(d);

    /// <summary>A correlation heatmap: blue −1, white 0, red +1, NaN grey; each cell labelled with its value, and a colour key.</summary>
    public static string Heatmap(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<double>> matrix, string title)
    {
        var n = columns.Count;
        var cell = Math.Clamp(400.0 / Math.Max(1, n), 26, 64);
        var labels = Math.Min(200, LabelWidth(columns) + 10);
        // Column names run up at 45°: room above for the longest, and to the right for the last one.
        var slant = columns.Select(c => c.Length * CharWidth * 0.72).DefaultIfEmpty(0).Max();
        var top = slant + 16;
        var width = labels + (n * cell) + Math.Max(20, slant - (cell / 2) + 12);
        var height = top + (n * cell) + 56;
        var svg = Open(width, height, title, "heatmap");
        for (var i = 0; i < n; i++)
        {
            CategoryLabel(svg, columns[i], labels - 6, top + (i * cell) + (cell / 2));
            var x = labels + (i * cell) + (cell / 2);
            svg.Append("<g class=\"category\"><title>").Append(Html.Escape(columns[i])).Append("</title>")
                .Append(Inv($"<text class=\"label\" x=\"{x + 4:0.#}\" y=\"{top - 6:0.#}\" font-size=\"{FontSize}\" transform=\"rotate(-45 {x + 4:0.#} {top - 6:0.#})\">"))
                .Append(Html.Escape(columns[i])).Append("</text></g>");
            for (var j = 0; j < n; j++)
            {
                var v = matrix[i][j];
                var cx = labels + (j * cell);
                var cy = top + (i * cell);
                svg.Append(Inv($"<rect x=\"{cx:0.#}\" y=\"{cy:0.#}\" width=\"{cell - 1:0.#}\" height=\"{cell - 1:0.#}\" fill=\"{Diverging(v)}\">"))
                    .Append("<title>").Append(Html.Escape($"{columns[i]} × {columns[j]}: {Format(v)}")).Append("</title></rect>");
                var ink = double.IsFinite(v) && Math.Abs(v) > 0.55 ? "#fff" : "#222";
                svg.Append(Inv($"<text class=\"cell\" x=\"{cx + (cell / 2):0.#}\" y=\"{cy + (cell / 2) + 4:0.#}\" font-size=\"{(cell >= 36 ? 11 : 9)}\" text-anchor=\"middle\" fill=\"{ink}\">"))
                    .Append(double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a").Append("</text>");
            }
        }

        // Colour key: −1 … 0 … +1 under the matrix.
        var keyTop = top + (n * cell) + 14;
        var keyWidth = Math.Min(n * cell, 240);
        const int steps = 21;
        svg.Append("<g class=\"axis value key\">");
        for (var k = 0; k < steps; k++)
        {
            var v = -1 + (2.0 * k / (steps - 1));
            svg.Append(Inv($"<rect x=\"{labels + (k * keyWidth / steps):0.#}\" y=\"{keyTop:0.#}\" width=\"{(keyWidth / steps) + 0.5:0.#}\" height=\"10\" fill=\"{Diverging(v)}\"/>"));
        }

        foreach (var (v, anchor) in new[] { (-1.0, "start"), (0.0, "middle"), (1.0, "end") })
        {
            svg.Append(Inv($"<text class=\"tick\" x=\"{labels + ((v + 1) / 2 * keyWidth):0.#}\" y=\"{keyTop + 24:0.#}\" font-size=\"{FontSize}\" text-anchor=\"{anchor}\">{v:+0;−0;0}</text>"));
        }

        svg.Append("</g>");
        return Close(svg);
    }

    /// <summary>Two overlaid histograms over shared bins (shares per bin).</summary>
    public static string Histogram(IReadOnlyList<double> edges, IReadOnlyList<double> first, IReadOnlyList<double> second, string firstName, string secondName, string title)
    {
        const double width = 620, height = 240, left = 48, right = width - 12, top = 10, bottom = height - 40;
        var bins = first.Count;
        var yTicks = NiceTicks(first.Concat(second).DefaultIfEmpty(0).Max());
        var svg = Open(width, height, title, "histogram");
        ValueAxisY(svg, left, right, top, bottom, yTicks, Percent);
        var slot = (right - left) / Math.Max(1, bins);
        for (var i = 0; i < bins; i++)
        {
            var x = left + (i * slot);
            var range = $"[{Format(edges[i])}, {Format(edges[i + 1])})";
            Bar(svg, x, bottom, slot - 1, (bottom - top) * first[i] / yTicks[^1], RealColor, $"{firstName} {range}: {first[i]:P1}", 0.55);
            Bar(svg, x, bottom, slot - 1, (bottom - top) * second[i] / yTicks[^1], SyntheticColor, $"{secondName} {range}: {second[i]:P1}", 0.55);
        }

        // The x axis spans [edges[0], edges[^1]]; ticks at nice distances inside it.
        var lo = edges.Count > 0 ? edges[0] : 0;
        var hi = edges.Count > 0 ? edges[^1] : 1;
        var xTicks = NiceTicks(hi - lo).Where(t => lo + t <= hi * (1 + 1e-9)).ToList();
        if (xTicks.Count >= 3)
        {
            var scale = (right - left) / Math.Max(1e-12, hi - lo);
            svg.Append("<g class=\"axis value x\">");
            foreach (var t in xTicks)
            {
                var x = left + (t * scale);
                svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{bottom:0.#}\" x2=\"{x:0.#}\" y2=\"{bottom + 4:0.#}\" stroke=\"#888\"/>"));
                svg.Append(Inv($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{bottom + 16:0.#}\" font-size=\"{FontSize}\" text-anchor=\"{(t == 0 ? "start" : "middle")}\">{Compact(lo + t)}</text>"));
            }

            svg.Append("</g>");
        }

        Title(svg, "share of rows", 12, (top + bottom) / 2, rotate: -90);
        Title(svg, "distance to the closest training row", (left + right) / 2, height - 6);
        return Close(svg);
    }

    /// <summary>Horizontal bars per group: real, synthetic and augmented shares, on a 0–100% axis.</summary>
    public static string GroupBars(IReadOnlyList<(string Group, double Real, double Synthetic, double Augmented)> groups, string title)
    {
        const double width = 560, row = 46, top = 6;
        var left = Math.Min(220, LabelWidth(groups.Select(g => g.Group)) + 12);
        var right = width - 50;
        var bottom = top + (groups.Count * row);
        var ticks = NiceTicks(Math.Min(1, groups.SelectMany(g => new[] { g.Real, g.Synthetic, g.Augmented }).DefaultIfEmpty(0).Max()));
        var svg = Open(width, bottom + 36, title, "groups");
        ValueAxisX(svg, left, right, top, bottom, ticks, Percent);
        var scale = (right - left) / ticks[^1];
        for (var i = 0; i < groups.Count; i++)
        {
            var (group, real, synthetic, augmented) = groups[i];
            var y = top + 4 + (i * row);
            CategoryLabel(svg, group, left - 6, y + 18);
            var k = 0;
            foreach (var (value, color, what) in new[] { (real, RealColor, "real"), (synthetic, SyntheticColor, "synthetic"), (augmented, AugmentedColor, "augmented") })
            {
                var by = y + (k++ * 13);
                svg.Append(Inv($"<rect x=\"{left:0.#}\" y=\"{by:0.#}\" width=\"{Math.Max(0.5, value * scale):0.#}\" height=\"12\" fill=\"{color}\">"))
                    .Append("<title>").Append(Html.Escape($"{group}: {what} {value:P1}")).Append("</title></rect>");
                svg.Append(Inv($"<text class=\"value\" x=\"{left + (value * scale) + 4:0.#}\" y=\"{by + 10:0.#}\" font-size=\"10\">{value:P1}</text>"));
            }
        }

        Title(svg, "share of rows", (left + right) / 2, bottom + 32);
        return Close(svg);
    }

    /// <summary>Lines over optimiser steps, one per series, with a legend above the plot: the values axis runs from 0 to
    /// the largest value (to 100 % for <paramref name="shares"/>), the steps axis from 0 to the last step of any series;
    /// each point carries its value as a tooltip.</summary>
    public static string Lines(IReadOnlyList<(string Name, string Color, IReadOnlyList<(int Step, double Value)> Points)> series, string title, string valueTitle, bool shares)
    {
        const double width = 560, height = 250, left = 52, right = width - 16, top = 34, bottom = height - 40;
        var values = series.SelectMany(s => s.Points).Select(p => p.Value).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var yTicks = NiceTicks(shares ? 1 : values.Max());
        var xTicks = NiceTicks(series.SelectMany(s => s.Points).Select(p => (double)p.Step).DefaultIfEmpty(1).Max());
        var svg = Open(width, height, title, "lines");
        ValueAxisY(svg, left, right, top, bottom, yTicks, shares ? Percent : Compact);
        ValueAxisX(svg, left, right, top, bottom, xTicks, Compact);
        double X(int step) => left + ((right - left) * step / xTicks[^1]);
        double Y(double value) => bottom - ((bottom - top) * Math.Clamp(value, 0, yTicks[^1]) / yTicks[^1]);
        var legendX = left;
        foreach (var (name, color, points) in series)
        {
            svg.Append(Inv($"<g class=\"series\"><rect x=\"{legendX:0.#}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{color}\"/><text class=\"legend\" x=\"{legendX + 16:0.#}\" y=\"16\" font-size=\"{FontSize}\">"))
                .Append(Html.Escape(name)).Append("</text>");
            legendX += 28 + (name.Length * CharWidth);
            var finite = points.Where(p => double.IsFinite(p.Value)).ToList();
            if (finite.Count > 1)
            {
                svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\""))
                    .AppendJoin(' ', finite.Select(p => Inv($"{X(p.Step):0.#},{Y(p.Value):0.#}"))).Append("\"/>");
            }

            foreach (var (step, value) in finite)
            {
                svg.Append(Inv($"<circle cx=\"{X(step):0.#}\" cy=\"{Y(value):0.#}\" r=\"2.2\" fill=\"{color}\">"))
                    .Append("<title>").Append(Html.Escape($"{name}, step {step}: {(shares ? (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + "%" : Format(value))}")).Append("</title></circle>");
            }

            svg.Append("</g>");
        }

        Title(svg, valueTitle, 12, (top + bottom) / 2, rotate: -90);
        Title(svg, "optimiser step", (left + right) / 2, height - 6);
        return Close(svg);
    }

    private static string CategoryBars(ColumnDistribution d)
    {
        const double width = 440, row = 22, top = 6;
        var left = Math.Min(180, LabelWidth(d.Labels) + 12);
        var right = width - 46;
        var rows = d.Labels.Select(l => Math.Max(row, (Wrap(l).Count * 13) + 6)).ToList();
        var bottom = top + rows.Sum();
        var ticks = NiceTicks(d.Real.Concat(d.Synthetic).DefaultIfEmpty(0).Max());
        var svg = Open(width, bottom + 36, $"Distribution of {d.Column}: real vs synthetic", "distribution");
        ValueAxisX(svg, left, right, top, bottom, ticks, Percent);
        var scale = (right - left) / ticks[^1];
        var y = top;
        for (var i = 0; i < d.Labels.Count; i++)
        {
            var mid = y + (rows[i] / 2);
            CategoryLabel(svg, d.Labels[i], left - 6, mid);
            svg.Append(Inv($"<rect x=\"{left:0.#}\" y=\"{mid - 8:0.#}\" width=\"{Math.Max(0.5, d.Real[i] * scale):0.#}\" height=\"8\" fill=\"{RealColor}\">"))
                .Append("<title>").Append(Html.Escape($"{d.Labels[i]}: real {d.Real[i]:P1}")).Append("</title></rect>");
            svg.Append(Inv($"<rect x=\"{left:0.#}\" y=\"{mid:0.#}\" width=\"{Math.Max(0.5, d.Synthetic[i] * scale):0.#}\" height=\"8\" fill=\"{SyntheticColor}\">"))
                .Append("<title>").Append(Html.Escape($"{d.Labels[i]}: synthetic {d.Synthetic[i]:P1}")).Append("</title></rect>");
            y += rows[i];
        }

        Title(svg, "share of rows", (left + right) / 2, bottom + 32);
        return Close(svg);
    }

    private static string BinBars(ColumnDistribution d)
    {
        const double width = 440, height = 220, left = 46, right = width - 14, top = 10, bottom = height - 40;
        var n = Math.Max(1, d.Labels.Count);
        var ticks = NiceTicks(d.Real.Concat(d.Synthetic).DefaultIfEmpty(0).Max());
        var svg = Open(width, height, $"Distribution of {d.Column}: real vs synthetic", "distribution");
        ValueAxisY(svg, left, right, top, bottom, ticks, Percent);
        var slot = (right - left) / n;
        for (var i = 0; i < d.Labels.Count; i++)
        {
            var x = left + (i * slot);
            Bar(svg, x + (slot * 0.1), bottom, slot * 0.4, (bottom - top) * d.Real[i] / ticks[^1], RealColor, $"from {d.Labels[i]}: real {d.Real[i]:P1}");
            Bar(svg, x + (slot * 0.5), bottom, slot * 0.4, (bottom - top) * d.Synthetic[i] / ticks[^1], SyntheticColor, $"from {d.Labels[i]}: synthetic {d.Synthetic[i]:P1}");
        }

        // The bins are equal-width from the first lower edge: ticks at nice values of the column across that span.
        var edges = d.Labels.Select(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        svg.Append("<g class=\"axis value x\">");
        if (edges.Length >= 2 && edges.All(double.IsFinite) && edges[1] > edges[0])
        {
            var lo = edges[0];
            var hi = lo + ((edges[1] - edges[0]) * edges.Length);
            foreach (var t in NiceSpan(lo, hi))
            {
                var x = left + ((right - left) * (t - lo) / (hi - lo));
                var anchor = x - left < 12 ? "start" : right - x < 12 ? "end" : "middle";
                svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{bottom:0.#}\" x2=\"{x:0.#}\" y2=\"{bottom + 4:0.#}\" stroke=\"#888\"/>"));
                svg.Append(Inv($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{bottom + 16:0.#}\" font-size=\"{FontSize}\" text-anchor=\"{anchor}\">")).Append(Html.Escape(Compact(t))).Append("</text>");
            }
        }
        else
        {
            // Labels that are not numbers (should not happen for numeric columns): every few bins, as many as fit.
            var every = Math.Max(1, (int)Math.Ceiling(d.Labels.Count / 5.0));
            for (var i = 0; i < d.Labels.Count; i += every)
            {
                svg.Append("<g class=\"category\"><title>").Append(Html.Escape(d.Labels[i])).Append("</title>")
                    .Append(Inv($"<text class=\"tick\" x=\"{left + (i * slot):0.#}\" y=\"{bottom + 16:0.#}\" font-size=\"{FontSize}\">")).Append(Html.Escape(d.Labels[i])).Append("</text></g>");
            }
        }

        svg.Append("</g>");
        Title(svg, d.Column, (left + right) / 2, height - 6);
        return Close(svg);
    }

    private static StringBuilder Open(double width, double height, string title, string kind) =>
        new StringBuilder().Append(Inv($"<svg class=\"chart {kind}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" role=\"img\" font-family=\"system-ui,sans-serif\">"))
            .Append("<title>").Append(Html.Escape(title)).Append("</title>");

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

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
}
