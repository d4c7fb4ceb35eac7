using Augment.Pipeline.Reports;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Augment.Pipeline.Tests.Reports;

/// <summary>Renders report.html in headless Chromium (/usr/bin/chromium + /usr/bin/chromedriver).</summary>
public class ReportHtmlChromiumTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    [Fact]
    public void Render_InHeadlessChromium_NoConsoleErrorsAndHostileNamesShowAsText()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "headless Chromium and chromedriver must be installed at /usr/bin");
        var path = Path.Combine(Path.GetTempPath(), $"augment-report-{Environment.ProcessId}.html");
        File.WriteAllText(path, ReportHtml.Render(ReportSamples.Build()));
        try
        {
            var options = new ChromeOptions { BinaryLocation = Chromium };
            options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions");
            options.SetLoggingPreference(LogType.Browser, LogLevel.All);
            using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
            service.SuppressInitialDiagnosticInformation = true;
            using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

            driver.Navigate().GoToUrl(new Uri(path).AbsoluteUri);

            var errors = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList();
            Assert.Empty(errors);
            foreach (var id in new[] { "verdict", "audit", "filter", "utility", "fidelity", "correlations", "privacy", "parity", "run" })
            {
                Assert.True(driver.FindElement(By.Id(id)).Displayed, $"section {id} is not displayed");
            }

            Assert.Empty(driver.FindElements(By.TagName("script")));
            Assert.Empty(driver.FindElements(By.TagName("img")));
            Assert.Contains(ReportSamples.ScriptColumn, driver.FindElement(By.Id("fidelity")).Text, StringComparison.Ordinal);
            Assert.Contains(ReportSamples.HostileCategory, driver.FindElement(By.Id("parity")).Text, StringComparison.Ordinal);
            Assert.Equal($"Augmentation report: {ReportSamples.HostileDataset}", driver.Title);
            Assert.True(driver.FindElements(By.CssSelector("#fidelity svg")).Count >= 3, "distribution charts are missing");
            Assert.Equal(2, driver.FindElements(By.CssSelector("#correlations svg")).Count);
            Assert.Single(driver.FindElements(By.CssSelector("#privacy svg")));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
