using System.Globalization;
using System.Text;

namespace Augment.Pipeline.Reports;

/// <summary>
/// Axes, ticks, gridlines and category labels for <see cref="SvgCharts"/>. Value axes get 4–6 "nice" ticks (steps of
/// 1, 2, 2.5 or 5 × 10ⁿ) with gridlines; category labels are never cut: long ones wrap onto a second line, and every
/// label carries its full text in a <c>&lt;title&gt;</c> tooltip.
/// </summary>
internal static class SvgAxes
{
    /// <summary>Average width of one character of the 11 px system font, in px (a little generous, so nothing overflows).</summary>
    public const double CharWidth = 6.6;

    /// <summary>Font size of tick and category labels, in px.</summary>
    public const int FontSize = 11;

    /// <summary>Most characters on one line of a category label before it wraps.</summary>
    public const int WrapAt = 22;

    private const string GridColor = "#e3e3e3";
    private const string AxisColor = "#888";

    /// <summary>Ticks from 0 to at least <paramref name="max"/>: 4 to 6 values, evenly spaced by a nice step.</summary>
    public static IReadOnlyList<double> NiceTicks(double max)
    {
        if (!double.IsFinite(max) || max <= 0)
        {
            max = 1;
        }

        var step = NiceStep(max / 5);
        var count = (int)Math.Ceiling((max / step) - 1e-9);
        return Enumerable.Range(0, Math.Max(2, count) + 1).Select(i => Math.Round(i * step, 12)).ToList();
    }

    /// <summary>Nice values inside [<paramref name="lo"/>, <paramref name="hi"/>]: at least 3, evenly spaced.</summary>
    public static IReadOnlyList<double> NiceSpan(double lo, double hi)
    {
        if (!(hi > lo))
        {
            return [lo];
        }

        var step = NiceStep((hi - lo) / 4);
        while (true)
        {
            var first = Math.Ceiling((lo / step) - 1e-9) * step;
            var ticks = new List<double>();
            for (var t = first; t <= hi + (1e-9 * step); t += step)
            {
                ticks.Add(Math.Round(t, 12));
            }

            if (ticks.Count >= 3)
            {
                return ticks;
            }

            step /= 2;
        }
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * (1 - 1e-9));
    }

    /// <summary>A tick value as a share ("25%", "2.5%").</summary>
    public static string Percent(double share)
    {
        var pct = share * 100;
        var format = pct == Math.Round(pct) ? "0" : pct * 10 == Math.Round(pct * 10) ? "0.#" : "0.##";
        return pct.ToString(format, CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>A number in few characters: 1.2M, 150k, 0.25, 12.</summary>
    public static string Compact(double v)
    {
        if (!double.IsFinite(v))
        {
            return "n/a";
        }

        var a = Math.Abs(v);
        return a >= 1e6 ? (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M"
            : a >= 1e4 ? (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k"
            : a >= 100 ? v.ToString("0", CultureInfo.InvariantCulture)
            : a >= 1 ? v.ToString("0.#", CultureInfo.InvariantCulture)
            : v.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A vertical value axis at <paramref name="left"/> with its ticks and horizontal gridlines.</summary>
    public static void ValueAxisY(StringBuilder svg, double left, double right, double top, double bottom, IReadOnlyList<double> ticks, Func<double, string> label)
    {
        var max = ticks[^1];
        svg.Append("<g class=\"axis value y\">");
        foreach (var t in ticks)
        {
            var y = bottom - ((bottom - top) * t / max);
            svg.Append(Inv($"<line x1=\"{left:0.#}\" y1=\"{y:0.#}\" x2=\"{right:0.#}\" y2=\"{y:0.#}\" stroke=\"{(t == 0 ? AxisColor : GridColor)}\"/>"));
            svg.Append(Inv($"<text class=\"tick\" x=\"{left - 4:0.#}\" y=\"{y + 4:0.#}\" font-size=\"{FontSize}\" text-anchor=\"end\">")).Append(Html.Escape(label(t))).Append("</text>");
        }

        svg.Append(Inv($"<line x1=\"{left:0.#}\" y1=\"{top:0.#}\" x2=\"{left:0.#}\" y2=\"{bottom:0.#}\" stroke=\"{AxisColor}\"/>"));
        svg.Append("</g>");
    }

    /// <summary>A horizontal value axis along <paramref name="bottom"/> with its ticks and vertical gridlines.</summary>
    public static void ValueAxisX(StringBuilder svg, double left, double right, double top, double bottom, IReadOnlyList<double> ticks, Func<double, string> label)
    {
        var max = ticks[^1];
        svg.Append("<g class=\"axis value x\">");
        for (var i = 0; i < ticks.Count; i++)
        {
            var t = ticks[i];
            var x = left + ((right - left) * t / max);
            var anchor = i == ticks.Count - 1 ? "end" : i == 0 ? "start" : "middle";
            svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{top:0.#}\" x2=\"{x:0.#}\" y2=\"{bottom:0.#}\" stroke=\"{(t == 0 ? AxisColor : GridColor)}\"/>"));
            svg.Append(Inv($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{bottom + 14:0.#}\" font-size=\"{FontSize}\" text-anchor=\"{anchor}\">")).Append(Html.Escape(label(t))).Append("</text>");
        }

        svg.Append(Inv($"<line x1=\"{left:0.#}\" y1=\"{bottom:0.#}\" x2=\"{right:0.#}\" y2=\"{bottom:0.#}\" stroke=\"{AxisColor}\"/>"));
        svg.Append("</g>");
    }

    /// <summary>The lines a category label is drawn on: whole when short, else split at spaces or hyphens (never cut).</summary>
    public static IReadOnlyList<string> Wrap(string label, int width = WrapAt)
    {
        if (label.Length <= width)
        {
            return [label];
        }

        var lines = new List<string>();
        var rest = label;
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOfAny([' ', '-', '/', '_', '(', ','], width);
            cut = cut <= 0 ? width : cut + (rest[cut] == '(' ? 0 : 1);
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            lines.Add(rest);
        }

        return lines;
    }

    /// <summary>Width in px of the widest line of any of <paramref name="labels"/> once wrapped.</summary>
    public static double LabelWidth(IEnumerable<string> labels) =>
        labels.SelectMany(l => Wrap(l)).Select(l => l.Length * CharWidth).DefaultIfEmpty(0).Max();

    /// <summary>A category label right-aligned at <paramref name="x"/>, centred on <paramref name="y"/>, with its full text as a tooltip.</summary>
    public static void CategoryLabel(StringBuilder svg, string label, double x, double y)
    {
        var lines = Wrap(label);
        var first = y + 4 - ((lines.Count - 1) * 6.5);
        svg.Append("<g class=\"category\"><title>").Append(Html.Escape(label)).Append("</title>");
        svg.Append(Inv($"<text class=\"label\" x=\"{x:0.#}\" y=\"{first:0.#}\" font-size=\"{FontSize}\" text-anchor=\"end\">"));
        for (var i = 0; i < lines.Count; i++)
        {
            svg.Append(i == 0 ? Inv($"<tspan x=\"{x:0.#}\">") : Inv($"<tspan x=\"{x:0.#}\" dy=\"13\">")).Append(Html.Escape(lines[i])).Append("</tspan>");
        }

        svg.Append("</text></g>");
    }

    /// <summary>A short axis title.</summary>
    public static void Title(StringBuilder svg, string text, double x, double y, string anchor = "middle", int rotate = 0)
    {
        var transform = rotate == 0 ? "" : Inv($" transform=\"rotate({rotate} {x:0.#} {y:0.#})\"");
        svg.Append(Inv($"<text class=\"axis-title\" x=\"{x:0.#}\" y=\"{y:0.#}\" font-size=\"{FontSize}\" fill=\"#555\" text-anchor=\"{anchor}\"{transform}>")).Append(Html.Escape(text)).Append("</text>");
    }

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
