using Augment.App.Tests.Support;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Microsoft.DurableTask.Client;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Augment.App.Tests.Dashboard;

/// <summary>The dashboard in headless Chromium (/usr/bin/chromium + /usr/bin/chromedriver) against the local host.</summary>
public sealed class DashboardChromiumTests(DashboardRuns runs) : IClassFixture<DashboardRuns>, IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ChromeDriver _driver = StartBrowser();

    [Fact]
    public void RunsList_FinishedAndWaitingRuns_HostileNameRendersAsText()
    {
        Open("");
        // The list re-renders on its 5 s refresh: read both rows' text in one go, again if a refresh replaced them.
        var wait = new WebDriverWait(_driver, Patience);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        var texts = wait.Until(d =>
        {
            var rows = d.FindElements(By.CssSelector("#runs tbody tr")).ToList();
            var finished = rows.FirstOrDefault(r => r.GetAttribute("data-id") == runs.FinishedId);
            var waiting = rows.FirstOrDefault(r => r.GetAttribute("data-id") == runs.WaitingId);
            return finished is null || waiting is null ? null : Tuple.Create(finished.Text, waiting.Text);
        })!;

        Assert.Contains("tiny", texts.Item1, StringComparison.Ordinal);
        Assert.Contains("Completed", texts.Item1, StringComparison.Ordinal);
        Assert.Contains("api", texts.Item1, StringComparison.Ordinal);
        Assert.Contains(DashboardRuns.HostileDataset, texts.Item2, StringComparison.Ordinal);
        Assert.Single(_driver.FindElements(By.TagName("script")));
        Assert.Equal(0L, _driver.ExecuteScript("return document.querySelectorAll('#runs tbody script, #runs tbody img').length"));
    }

    [Fact]
    public void Detail_FinishedRun_ShowsDownloadsAndDisablesTheGateButtons()
    {
        Open("#/runs/" + runs.FinishedId);
        var wait = new WebDriverWait(_driver, Patience);
        wait.Until(d => d.FindElement(By.Id("detail-title")).Text.Contains(runs.FinishedId, StringComparison.Ordinal)
            && d.FindElements(By.CssSelector("#downloads a")).Count > 0);

        var links = _driver.FindElements(By.CssSelector("#downloads a")).ToList();
        Assert.Equal(["augmented.csv", "synthetic.csv", "report.json", "report.html", "model.json"], links.Select(a => a.Text));
        Assert.All(links, a => Assert.Contains("code=" + TestHost.EscapedKey, a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.True(_driver.FindElement(By.Id("approve")).GetAttribute("disabled") is not null, "approve must be disabled on a finished run");
        Assert.True(_driver.FindElement(By.Id("terminate")).GetAttribute("disabled") is not null, "terminate must be disabled on a finished run");
    }

    [Fact]
    public void Detail_FinishedImageRun_LinksAugmentedZipAndShowsRealAndSyntheticThumbnails()
    {
        Open("#/runs/" + runs.ImagesId);
        var wait = new WebDriverWait(_driver, Patience);
        wait.Until(d => d.FindElement(By.Id("detail-title")).Text.Contains(runs.ImagesId, StringComparison.Ordinal)
            && d.FindElements(By.CssSelector("#downloads a")).Count > 0 && d.FindElement(By.Id("report")).Displayed);

        Assert.Equal(["augmented.zip", "report.json", "report.html"], _driver.FindElements(By.CssSelector("#downloads a")).Select(a => a.Text));
        _driver.SwitchTo().Frame(_driver.FindElement(By.Id("report")));
        try
        {
            // The report's grid: real training images and kept synthetic ones, as inline PNGs, in the dashboard's frame.
            var images = wait.Until(d => d.FindElements(By.CssSelector("img.px")) is { Count: > 0 } found ? found : null)!;
            Assert.Contains(images, i => i.GetAttribute("alt")?.StartsWith("real ", StringComparison.Ordinal) == true);
            Assert.Contains(images, i => i.GetAttribute("alt")?.StartsWith("synthetic ", StringComparison.Ordinal) == true);
            Assert.All(images, i => Assert.StartsWith("data:image/png;base64,", i.GetAttribute("src"), StringComparison.Ordinal));
            Assert.All(images.Take(4), i => Assert.True(Convert.ToInt64(((IJavaScriptExecutor)_driver).ExecuteScript("return arguments[0].naturalWidth", i), System.Globalization.CultureInfo.InvariantCulture) == 8, "a thumbnail did not decode"));
        }
        finally
        {
            _driver.SwitchTo().DefaultContent();
        }
    }

    [Fact]
    public void Detail_FinishedRun_ShowsTheTimelineOfActivities()
    {
        Open("#/runs/" + runs.FinishedId);
        var wait = new WebDriverWait(_driver, Patience);
        wait.Until(d => d.FindElements(By.CssSelector("#timeline tbody tr")).Count > 3);

        var timeline = _driver.FindElement(By.Id("timeline")).Text;
        Assert.Contains("TaskCompleted", timeline, StringComparison.Ordinal);
        Assert.Contains("ExecutionCompleted", timeline, StringComparison.Ordinal);
        Assert.True(_driver.FindElements(By.CssSelector("#timeline-chart svg rect")).Count > 0, "the timeline chart is empty");
        if (Environment.GetEnvironmentVariable("AUGMENT_DASHBOARD_SCREENSHOT") is { Length: > 0 } path)
        {
            _driver.Manage().Window.Size = new System.Drawing.Size(1280, 1000);
            _driver.GetScreenshot().SaveAsFile(path);
        }
    }

    [Fact]
    public async Task Approve_WaitingRun_ConfirmedClickCompletesIt()
    {
        Open("#/runs/" + runs.WaitingId);
        var wait = new WebDriverWait(_driver, Patience);
        wait.Until(d => d.FindElement(By.Id("detail-title")).Text.Contains(runs.WaitingId, StringComparison.Ordinal)
            && d.FindElement(By.Id("approve")).GetAttribute("disabled") is null);
        Assert.Contains(DashboardRuns.HostileDataset, _driver.FindElement(By.Id("detail-facts")).Text, StringComparison.Ordinal);
        Assert.Contains(AuditGate.AwaitingApprovalStage, _driver.FindElement(By.Id("progress")).Text, StringComparison.Ordinal);

        ConfirmEverything();
        _driver.FindElement(By.Id("approve")).Click();

        var done = await runs.Host.WaitForEndAsync(runs.WaitingId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var asked = (System.Collections.ObjectModel.ReadOnlyCollection<object>)_driver.ExecuteScript("return window.confirmed")!;
        Assert.Equal($"approve run {runs.WaitingId}?", Assert.Single(asked));
    }

    [Fact]
    public async Task List_AutoRefresh_ShowsANewRun_ThenTerminateRestartPurgeByConfirmedClicks()
    {
        Open("");
        WaitForRows(runs.FinishedId);
        Assert.True(_driver.FindElement(By.Id("auto-refresh")).Selected, "auto-refresh is on by default");

        // A run started after the page loaded appears without a reload (the list refreshes every 5 s).
        var id = await runs.Host.StartHeldRunAsync("held-clicks-1");
        await runs.Host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        new WebDriverWait(_driver, Patience).Until(d => d.FindElements(By.CssSelector($"#runs tbody tr[data-id='{id}']")).Count == 1);

        Open("#/runs/" + id);
        ConfirmEverything();
        ClickWhenEnabled("terminate");
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await runs.Host.WaitForEndAsync(id)).RuntimeStatus);

        ClickWhenEnabled("restart");
        var wait = new WebDriverWait(_driver, Patience);
        var restarted = wait.Until(d => d.Url.Contains("#/runs/", StringComparison.Ordinal) && !d.Url.EndsWith("/" + id, StringComparison.Ordinal)
            ? Uri.UnescapeDataString(d.Url[(d.Url.IndexOf("#/runs/", StringComparison.Ordinal) + "#/runs/".Length)..]) : null)!;
        var input = (await runs.Host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.SerializedInput;
        Assert.Equal(input, (await runs.Host.WaitAsync(restarted, _ => true)).SerializedInput);

        Open("#/runs/" + id);
        ConfirmEverything();
        ClickWhenEnabled("purge");
        wait.Until(d => d.Url.EndsWith("#/", StringComparison.Ordinal));

        Assert.Null(await runs.Host.Client.GetInstanceAsync(id));
        Assert.NotNull(await runs.Host.Client.GetInstanceAsync(restarted));
        var asked = (System.Collections.ObjectModel.ReadOnlyCollection<object>)_driver.ExecuteScript("return window.confirmed")!;
        Assert.Equal($"purge run {id}?", Assert.Single(asked));
    }

    [Theory]
    [InlineData("my tiles.zip", "images.zip")]
    [InlineData("people.csv", "people.csv")]
    public async Task Upload_ThroughTheForm_StoresTheFileUnderDatasets_AnArchiveAsImagesZip(string file, string stored)
    {
        var dataset = "form-" + Path.GetFileNameWithoutExtension(stored);
        var content = file.EndsWith(".zip", StringComparison.Ordinal) ? TwoClassImages.Archive(6) : System.Text.Encoding.UTF8.GetBytes(SampleCsv.Make(20, 3));
        var folder = Directory.CreateTempSubdirectory("augment-dashboard-upload-");
        try
        {
            var path = Path.Combine(folder.FullName, file);
            await File.WriteAllBytesAsync(path, content);
            Open("");
            _driver.FindElement(By.Id("upload-dataset")).SendKeys(dataset);
            _driver.FindElement(By.Id("upload-file")).SendKeys(path);
            _driver.FindElement(By.Id("upload-button")).Click();

            var status = new WebDriverWait(_driver, Patience).Until(d => d.FindElement(By.Id("upload-status")).Text is { } t && t.StartsWith("uploaded ", StringComparison.Ordinal) ? t : null);
            Assert.Equal($"uploaded datasets/{dataset}/{stored}; its run starts when the blob trigger sees it", status);
            await using var blob = await runs.Host.Blobs.OpenReadAsync(WorkArea.DatasetsContainer, $"{dataset}/{stored}");
            Assert.NotNull(blob);
            using var copy = new MemoryStream();
            await blob.Content.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
            Assert.False(_driver.FindElement(By.Id("error")).Displayed, _driver.FindElement(By.Id("error")).Text);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public void Dispose() => _driver.Dispose();

    /// <summary>Answers every confirm() with OK and records its question.</summary>
    private void ConfirmEverything() =>
        _driver.ExecuteScript("window.confirmed = []; window.confirm = (m) => { window.confirmed.push(m); return true; };");

    private void ClickWhenEnabled(string button)
    {
        var wait = new WebDriverWait(_driver, Patience);
        wait.Until(d => d.FindElement(By.Id("detail-view")).Displayed && d.FindElement(By.Id(button)).GetAttribute("disabled") is null);
        _driver.FindElement(By.Id(button)).Click();
    }

    /// <summary>Opens the dashboard with the function key in its URL, as the CLI prints it.</summary>
    private void Open(string hash) => _driver.Navigate().GoToUrl(new Uri(runs.Host.Host.BaseAddress, $"/api/dashboard?code={TestHost.EscapedKey}{hash}"));

    private List<IWebElement> WaitForRows(params string[] ids)
    {
        var wait = new WebDriverWait(_driver, Patience);
        return wait.Until(d =>
        {
            var rows = d.FindElements(By.CssSelector("#runs tbody tr")).ToList();
            return ids.All(id => rows.Any(r => r.GetAttribute("data-id") == id)) ? rows : null;
        })!;
    }

    private static ChromeDriver StartBrowser()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "headless Chromium and chromedriver must be installed at /usr/bin");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions", "--window-size=1280,1000");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
