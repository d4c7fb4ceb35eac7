using System.Collections.ObjectModel;
using System.Text.Json;
using Augment.Pipeline.Reports;
using Augment.Pipeline.Tests.EndToEnd;
using Microsoft.DurableTask.Client;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Augment.Pipeline.Tests.Reports;

/// <summary>
/// A report.html produced by the real pipeline (the demo's spec, samples/augment.json, on the head of
/// samples/adult.csv) read in headless Chromium as a person would: every headline number explained, no cut axis
/// label, value axes with ticks, text left-aligned and numbers right-aligned, the filter examples filled.
/// <c>AUGMENT_REPORT_HTML</c> reads a given report.html instead (e.g. the demo's), <c>AUGMENT_REPORT_JSON</c> renders a
/// given report.json with this build's <see cref="ReportHtml"/>; <c>AUGMENT_REPORT_SCREENSHOT</c>
/// saves a screenshot of the page's top there and one of its charts beside it as <c>{name}-charts.png</c> (docs/report.png
/// and docs/report-charts.png are made this way) and leaves the page at {tmp}/augment-report-screenshot.html.
/// </summary>
public sealed class ReportReadabilityChromiumTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    /// <summary>The demo's spec (samples/augment.json): balance mode, two sensitive columns.</summary>
    private const string DemoSpec = """{ "target": "income", "sensitive": ["sex", "race"], "rows": "balance", "model": "auto", "seed": 42 }""";

    [Fact]
    public async Task Render_PipelineReport_ReadableAtAGlance()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "headless Chromium and chromedriver must be installed at /usr/bin");
        var html = Environment.GetEnvironmentVariable("AUGMENT_REPORT_HTML") is { Length: > 0 } given ? await File.ReadAllTextAsync(given)
            : Environment.GetEnvironmentVariable("AUGMENT_REPORT_JSON") is { Length: > 0 } json ? ReportHtml.Render(JsonSerializer.Deserialize(await File.ReadAllTextAsync(json), ReportJsonContext.Default.RunReport)!)
            : await RunPipelineAsync();
        var path = Path.Combine(Path.GetTempPath(), $"augment-readable-{Environment.ProcessId}.html");
        await File.WriteAllTextAsync(path, html);
        try
        {
            using var driver = StartBrowser();
            driver.Navigate().GoToUrl(new Uri(path).AbsoluteUri);
            if (Environment.GetEnvironmentVariable("AUGMENT_REPORT_SCREENSHOT") is { Length: > 0 } screenshot)
            {
                var height = (int)Math.Min(Number(driver, "return document.documentElement.scrollHeight"), 2600);
                driver.Manage().Window.Size = new System.Drawing.Size(1280, height);
                driver.GetScreenshot().SaveAsFile(screenshot);
                // The charts: the Fidelity section from its heading, beside the first screenshot as {name}-charts.png.
                driver.Manage().Window.Size = new System.Drawing.Size(1280, 1500);
                driver.ExecuteScript("document.getElementById('fidelity').scrollIntoView()");
                driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(screenshot))!, Path.GetFileNameWithoutExtension(screenshot) + "-charts.png"));
                File.Copy(path, Path.Combine(Path.GetTempPath(), "augment-report-screenshot.html"), overwrite: true);
                driver.Manage().Window.Size = new System.Drawing.Size(1280, 1000);
            }

            // Every headline number has its sentence, and the balance-mode caveat and the utility margin are stated.
            var headline = Strings(driver, """
                return [...document.querySelectorAll('tr.headline-metric')].map(r =>
                  r.dataset.metric + '|' + r.querySelector('td.value').textContent.trim() + '|' + r.querySelector('td.explain').textContent.trim());
                """);
            var metrics = headline.Select(h => h.Split('|')).ToDictionary(p => p[0], p => (Value: p[1], Explain: p[2]));
            Assert.Superset(new HashSet<string> { "rows", "shapes", "trends", "shapes-per-class", "detection", "privacy", "utility", "tstr", "audit" }, metrics.Keys.ToHashSet());
            Assert.All(metrics, m => Assert.True(m.Value.Value.Length > 0 && m.Value.Explain.Length >= 60, $"headline '{m.Key}' lacks its value or sentence: {m.Value}"));
            Assert.Contains("held-out real rows", metrics["shapes"].Explain, StringComparison.Ordinal);
            Assert.Contains("In balance mode the synthetic rows are", metrics["shapes"].Explain, StringComparison.Ordinal);
            Assert.Contains("±0.005", metrics["utility"].Explain, StringComparison.Ordinal);

            // No chart label is cut: no ellipsis, and every text lies inside its chart.
            Assert.Empty(Strings(driver, "return [...document.querySelectorAll('svg text')].map(t => t.textContent).filter(s => s.includes('…') || s.includes('...'));"));
            Assert.Empty(Strings(driver, """
                return [...document.querySelectorAll('svg text')].filter(t => {
                  const s = t.closest('svg').getBoundingClientRect(), b = t.getBoundingClientRect();
                  return b.left < s.left - 1 || b.right > s.right + 1 || b.top < s.top - 1 || b.bottom > s.bottom + 1;
                }).map(t => t.closest('svg').querySelector('title').textContent + ': ' + t.textContent);
                """));

            // Every chart has an axis; every value axis has at least 3 tick labels.
            Assert.True(Number(driver, "return document.querySelectorAll('svg.chart').length") >= 10, "too few charts");
            Assert.Empty(Strings(driver, "return [...document.querySelectorAll('svg.chart')].filter(s => !s.querySelector('g.axis')).map(s => s.querySelector('title').textContent);"));
            Assert.Empty(Strings(driver, """
                return [...document.querySelectorAll('svg.chart g.axis.value')].filter(g => g.querySelectorAll('text.tick').length < 3)
                  .map(g => g.closest('svg').querySelector('title').textContent);
                """));

            // Text cells are left-aligned, number cells right-aligned (computed style).
            Assert.Empty(Strings(driver, """
                const number = /^([-+−]?[\d,]*\.?\d+\s?%?|n\/a|NaN)$/;
                return [...document.querySelectorAll('td')].filter(td => {
                  const text = td.textContent.trim(), align = getComputedStyle(td).textAlign;
                  if (text === '') return false;
                  return number.test(text) ? align !== 'right' : !(align === 'left' || align === 'start');
                }).map(td => td.closest('section').id + ' ' + td.closest('table').rows[0].cells[td.cellIndex].textContent + ': ' + td.textContent.trim() + ' → ' + getComputedStyle(td).textAlign);
                """));

            // Every filter step that dropped rows shows examples.
            var steps = Strings(driver, """
                const table = document.querySelector('#filter table'), head = [...table.rows[0].cells].map(c => c.textContent);
                const dropped = head.indexOf('dropped'), examples = head.indexOf('examples');
                return [...table.rows].slice(1).map(r => r.cells[0].textContent + '|' + r.cells[dropped].textContent + '|' + r.cells[examples].textContent);
                """);
            Assert.Contains(steps, s => s.Split('|')[1] != "0");
            Assert.All(steps.Select(s => s.Split('|')).Where(p => p[1] != "0"), p => Assert.True(p[2].Length > 0, $"filter step {p[0]} dropped {p[1]} rows but shows no example"));

        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> RunPipelineAsync()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("adult", PipelineHost.AdultHead(3000), DemoSpec);
        var meta = await host.WaitForEndAsync(id);
        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        await using var download = (await host.Blobs.OpenReadAsync(WorkArea.OutputContainer, WorkArea.OutputPrefix("adult", id) + "report.html"))!;
        using var reader = new StreamReader(download.Content);
        return await reader.ReadToEndAsync();
    }

    private static List<string> Strings(ChromeDriver driver, string script) =>
        ((ReadOnlyCollection<object>)driver.ExecuteScript(script)!).Select(o => o?.ToString() ?? "").ToList();

    private static long Number(ChromeDriver driver, string script) => Convert.ToInt64(driver.ExecuteScript(script), System.Globalization.CultureInfo.InvariantCulture);

    private static ChromeDriver StartBrowser()
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions", "--window-size=1280,1000", "--hide-scrollbars");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
