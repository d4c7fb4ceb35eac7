using System.Globalization;
using System.Net;
using System.Text;
using Augment.Images;
using Augment.Pipeline.Reports;

namespace Augment.Pipeline.Images;

/// <summary>
/// report.html of an image run: one self-contained page (images inlined as PNG data URIs, no scripts, no external
/// resources): the verdict and recommendation, what was filtered, quality overall and per class with one sentence on
/// what each number compares, real and synthetic images side by side per class, and the closest synthetic–training pairs.
/// </summary>
public static class ImageReportHtml
{
    private const int GridImages = 8;

    /// <summary>", sampled by onnxruntime on CPU (reason)", or nothing when the report predates it.</summary>
    private static string Sampler(SamplerInfo? sampler) =>
        sampler is null ? string.Empty : $"; sampled by {H(sampler.Engine)} on {H(sampler.Provider)}: {H(sampler.Reason)}";

    /// <summary>Renders the page.</summary>
    /// <param name="report">The run's report.</param>
    /// <param name="train">The real training images (for the grids and the pairs).</param>
    /// <param name="kept">The kept synthetic images.</param>
    public static string Render(ImageRunReport report, ImageSet train, ImageSet kept)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(kept);
        var e = report.Evaluation;
        var u = e.Utility;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Augmentation report: {H(report.Dataset)} ({H(report.RunId)})</title>
            <style>
            body{"{"}font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1100px{"}"}
            h1{"{"}font-size:22px{"}"} h2{"{"}font-size:17px;margin-top:28px{"}"} p.note{"{"}color:#4a5364{"}"}
            table{"{"}border-collapse:collapse;margin:8px 0{"}"} th,td{"{"}border-bottom:1px solid #dde2ea;padding:4px 10px;text-align:left{"}"}
            td.num,th.num{"{"}text-align:right;font-variant-numeric:tabular-nums{"}"}
            img.px{"{"}image-rendering:pixelated;width:56px;height:56px;border:1px solid #ccd;margin:1px{"}"}
            .verdict{"{"}font-size:16px;padding:8px 12px;background:#f2f5fa;border-left:4px solid #3767c4{"}"}
            </style></head><body>
            <h1>Augmentation report — {H(report.Dataset)}</h1>
            <p>Run <code>{H(report.RunId)}</code>: {report.Profile.Images:N0} uploaded images in {report.Classes.Count} classes
            ({report.Profile.TrainCounts.Sum():N0} to learn from, {report.Profile.HoldoutCounts.Sum():N0} held out for evaluation);
            {e.Sampled:N0} synthetic images drawn from a class-conditional {H(report.Train.Generator.ToUpperInvariant())} ({report.Train.Seconds:F0} s of training{Sampler(report.Sampler)}), {e.Kept:N0} kept.</p>
            <p class="verdict"><b>Verdict: {H(u.Verdict)}.</b> Recommendation: <b>{H(u.Recommendation)}</b>. {H(u.Note)}</p>
            """);

        html.Append("<h2>Classifier accuracy on the held-out images</h2><p class=\"note\">A small CNN trained per arm and seed (early stopping on 15 % of the training images), scored on the ")
            .Append(report.Profile.HoldoutCounts.Sum().ToString("N0", CultureInfo.InvariantCulture))
            .Append(" held-out real images. A lift is judged by its 95 % interval over seeds: it helped only if the whole interval is above zero.</p><table><tr><th>arm</th><th class=\"num\">mean accuracy</th><th>per seed</th></tr>");
        foreach (var arm in u.Arms)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(arm.Name)}</td><td class=\"num\">{Percent(arm.Mean)}</td><td>{string.Join(", ", arm.Accuracies.Select(Percent))}</td></tr>");
        }

        html.Append("</table>");
        AppendBias(html, e.Bias, report.Audit);
        html.Append("<h2>Filters</h2><table><tr><th>step</th><th class=\"num\">in</th><th class=\"num\">dropped</th><th>why</th></tr>");
        foreach (var f in e.Filters)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(f.Step)}</td><td class=\"num\">{f.Before:N0}</td><td class=\"num\">{f.Dropped:N0}</td><td>{H(f.Why)}</td></tr>");
        }

        html.Append("""
            </table><h2>Quality</h2><p class="note">Measured in the feature space of a CNN trained on the real training images, kept synthetic images
            against the held-out real images. Fréchet distance: lower is closer; the floor is what the real training images score against the same
            held-out images. KID (kernel distance, unbiased, so it can be compared across set sizes) reads the same way and is ≈ 0 for two draws of one distribution. Density ≈ 1 and coverage ≈ 0.97 are what a second draw of real images gives (k = 5); low coverage means missing variety,
            low precision unrealistic images. Intended label: the share of sampled images (before filtering) the classifier assigns to the class they
            were drawn for.</p><table><tr><th>class</th><th class="num">kept</th><th class="num">Fréchet distance</th><th class="num">floor (real)</th><th class="num">KID</th><th class="num">floor (real)</th>
            <th class="num">precision</th><th class="num">recall</th><th class="num">density</th><th class="num">coverage</th><th class="num">intended label</th></tr>
            """);
        html.Append(QualityRow("all classes", e.Overall));
        foreach (var c in e.PerClass)
        {
            html.Append(QualityRow(c.Class, c.Quality));
        }

        html.Append("</table><h2>Real and synthetic images by class</h2><table><tr><th>class</th><th>real (training)</th><th>synthetic (kept)</th></tr>");
        for (var c = 0; c < train.Classes.Count; c++)
        {
            var cls = c;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(train.Classes[c])}</td><td>");
            foreach (var i in Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == cls).Take(GridImages))
            {
                html.Append(Img(train, i, $"real {train.Names?[i]}"));
            }

            html.Append("</td><td>");
            foreach (var i in Enumerable.Range(0, kept.Count).Where(i => kept.Labels[i] == cls).Take(GridImages))
            {
                html.Append(Img(kept, i, $"synthetic {ImageActivities.SyntheticName(i)}"));
            }

            html.Append("</td></tr>");
        }

        var m = e.Memorisation;
        html.Append(CultureInfo.InvariantCulture, $"""
            </table><h2>Closest to a training image</h2><p class="note">Pixel distance from each kept synthetic image to its nearest training image.
            {m.NearCopiesDropped:N0} sampled image(s) came closer than {m.HoldoutP1:F3} — the 1st percentile of held-out-to-training distances, i.e.
            closer than almost any real image comes — and were dropped as near-copies. The closest kept pairs:</p>
            <table><tr><th>synthetic</th><th>nearest training image</th><th class="num">distance</th></tr>
            """);
        foreach (var pair in m.ClosestPairs.Where(p => p.Synthetic < kept.Count && p.Train < train.Count))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Img(kept, pair.Synthetic, ImageActivities.SyntheticName(pair.Synthetic))}</td><td>{Img(train, pair.Train, pair.TrainName)} {H(pair.TrainName)}</td><td class=\"num\">{pair.Distance:F3}</td></tr>");
        }

        html.Append("</table>");
        AppendCurves(html, report.Train, u.Arms);
        html.Append("<h2>Stages</h2><table><tr><th>stage</th><th class=\"num\">seconds</th></tr>");
        foreach (var s in report.Stages)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(s.Stage)}</td><td class=\"num\">{s.Seconds:F1}</td></tr>");
        }

        html.Append("</table></body></html>\n");
        return html.ToString();
    }

    /// <summary>The generator's loss over its training and each utility arm's validation accuracy at every early-stopping
    /// check (first seed), when the run recorded them.</summary>
    private static void AppendCurves(StringBuilder html, ImageTrainResult train, IReadOnlyList<ImageArm> arms)
    {
        var loss = train.LossCurve ?? [];
        var validation = arms.Where(a => a.ValidationCurve is { Count: > 0 }).ToList();
        if (loss.Count == 0 && validation.Count == 0)
        {
            return;
        }

        html.Append("<h2 id=\"curves\">Training curves</h2>");
        if (loss.Count > 0)
        {
            var (what, reading) = train.Generator == ImageSpec.Gan
                ? ("discriminator hinge loss", "The GAN's discriminator loss, averaged over each 100 steps: 2 means it cannot tell real from synthetic images at all, 0 that it separates them by the margin; a curve that falls towards 0 and stays there is a generator losing the game.")
                : ("loss (nats per image)", "The VAE's loss (reconstruction plus KL, nats per image), averaged over each 100 steps: it should fall and flatten; still falling at the end means more steps would help.");
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{H(reading)}</p>")
                .Append(SvgCharts.Lines([($"{train.Generator.ToUpperInvariant()} {what}", SvgCharts.SyntheticColor, loss.Select(p => (p.Step, p.Value)).ToList())],
                    $"{train.Generator.ToUpperInvariant()} training loss", what, shares: false));
        }

        if (validation.Count > 0)
        {
            string[] colors = [SvgCharts.RealColor, SvgCharts.AugmentedColor, SvgCharts.SyntheticColor, SvgCharts.FourthColor];
            html.Append("<p class=\"note\">Each arm's accuracy on the validation images at every check (first seed); training keeps the weights of the best check and stops after a few checks without improvement.</p>")
                .Append(SvgCharts.Lines(validation.Select((a, i) => (a.Name, colors[i % colors.Length], (IReadOnlyList<(int, double)>)a.ValidationCurve!.Select(p => (p.Step, p.Value)).ToList())).ToList(),
                    "Classifier validation accuracy by arm", "validation accuracy", shares: true));
        }
    }

    /// <summary>The bias audit: per labels.csv attribute, accuracy per group and arm, the gaps, and the verdict.</summary>
    private static void AppendBias(StringBuilder html, IReadOnlyList<ImageBiasAudit> audits, AuditOutcome? gate)
    {
        html.Append("<h2 id=\"bias\">Bias audit</h2>");
        if (gate is not null)
        {
            // What the audit gate did with the widened gaps (audit.policy), before anything was published.
            var who = gate.Reviewer is { } by ? $" by {by}" : "";
            var findings = gate.Findings.Count == 0 ? "no finding" : $"{gate.Findings.Count} finding(s): {string.Join("; ", gate.Findings.Select(f => f.Message))}";
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"verdict\"><b>Audit {H(gate.Decision)}{H(who)}</b> (policy {H(gate.Policy)}): {H(findings)}.</p>");
        }

        if (audits.Count == 0)
        {
            html.Append("<p class=\"note\">No attribute audited: the archive has no labels.csv with attribute columns (file, class, then e.g. site or sex).</p>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">For each labels.csv attribute: the accuracy of each arm's classifiers (mean over seeds) on the held-out images of each group, and the gap between the best and the worst group with at least {ImageBias.MinGroupImages} held-out images. The verdict pairs the gap of '{H(ImageBias.AugmentedArm)}' with that of '{H(ImageBias.BaselineArm)}' seed by seed: it widened or narrowed only if the 95 % interval of the change excludes zero. Synthetic images carry no attributes (the generator is conditioned on the class only).</p>");
        foreach (var audit in audits)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{H(audit.Attribute)}: {H(audit.Verdict)}</h3><p>{H(audit.Note)}</p><table><tr><th>group</th><th class=\"num\">held-out images</th>");
            foreach (var arm in audit.Arms)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th class=\"num\">{H(arm)}</th>");
            }

            html.Append("</tr>");
            foreach (var g in audit.Groups)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(g.Group)}{(g.Judged ? "" : " (too few to judge)")}</td><td class=\"num\">{g.Images:N0}</td>");
                foreach (var a in g.Accuracy)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Percent(a)}</td>");
                }

                html.Append("</tr>");
            }

            html.Append("<tr><td><b>gap (best − worst)</b></td><td></td>");
            foreach (var gap in audit.Gaps)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\"><b>{(double.IsFinite(gap) ? gap.ToString("0.0", CultureInfo.InvariantCulture) + " pt" : "—")}</b></td>");
            }

            html.Append("</tr></table>");
        }
    }

    private static string QualityRow(string name, ImageQuality q) => string.Create(CultureInfo.InvariantCulture,
        $"<tr><td>{H(name)}</td><td class=\"num\">{q.Images:N0}</td><td class=\"num\">{Number(q.FrechetDistance)}</td><td class=\"num\">{Number(q.FrechetDistanceRealFloor)}</td><td class=\"num\">{Small(q.KernelDistance)}</td><td class=\"num\">{Small(q.KernelDistanceRealFloor)}</td><td class=\"num\">{Number(q.Precision)}</td><td class=\"num\">{Number(q.Recall)}</td><td class=\"num\">{Number(q.Density)}</td><td class=\"num\">{Number(q.Coverage)}</td><td class=\"num\">{Percent(q.IntendedLabelAccuracy)}</td></tr>");

    private static string Img(ImageSet set, int index, string title) =>
        $"<img class=\"px\" alt=\"{H(title)}\" title=\"{H(title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(ImageArchive.EncodePng(set.Image(index), set.Shape))}\">";

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    private static string Small(double v) => double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    private static string Percent(double v) => double.IsFinite(v) ? (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "—";

    private static string H(string? text) => WebUtility.HtmlEncode(text ?? "");
}
