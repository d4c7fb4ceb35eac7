using System.Net;
using System.Text;
using System.Text.Json;
using Augment.App.Http;
using Augment.App.Tests.Support;
using Augment.Pipeline;

namespace Augment.App.Tests.Dashboard;

/// <summary>The dashboard's routes and the upload route, over HTTP (no browser).</summary>
public class DashboardHttpTests(DashboardRuns runs) : IClassFixture<DashboardRuns>
{
    private HttpClient Http => runs.Host.Http;

    [Fact]
    public async Task Page_OneSelfContainedDocument_NoExternalScriptsOrStyles()
    {
        using var response = await Http.GetAsync("/api/dashboard");
        using var slash = await Http.GetAsync("/api/dashboard/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(html, await slash.Content.ReadAsStringAsync());
        Assert.Contains("loadDetail", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("stylesheet", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".innerHTML", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Asset_ServedWithItsType(string file, string contentType)
    {
        using var response = await Http.GetAsync("/api/dashboard/" + file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Page_UnknownPath_404OneLine()
    {
        using var response = await Http.GetAsync("/api/dashboard/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No dashboard page", await response.ErrorAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.json", "application/json")]
    [InlineData("augmented.csv", "text/csv")]
    [InlineData("synthetic.csv", "text/csv")]
    [InlineData("model.json", "application/json")]
    public async Task RunFile_FinishedRun_DownloadsTheOutput(string file, string contentType)
    {
        using var response = await Http.GetAsync($"/api/dashboard/runs/{runs.FinishedId}/files/{file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal($"{runs.FinishedId}-{file}", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var body = await response.Content.ReadAsStringAsync();
        if (file == "report.json")
        {
            Assert.Equal(runs.FinishedId, JsonDocument.Parse(body).RootElement.GetProperty("runId").GetString());
        }
        else if (file.EndsWith(".csv", StringComparison.Ordinal))
        {
            Assert.StartsWith("age,hours,sex,income", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body).RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task RunFile_ReportHtml_InlineAndSandboxed()
    {
        using var response = await Http.GetAsync($"/api/dashboard/runs/{runs.FinishedId}/files/report.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("sandbox;", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("nope", "report.json", "No instance")]
    [InlineData("{finished}", "secrets.txt", "is not a run file")]
    [InlineData("{finished}", "..%2Fschema.json", "is not a run file")]
    [InlineData("{waiting}", "report.json", "has no report.json")]
    public async Task RunFile_Unknown_404OneLine(string id, string file, string message)
    {
        var run = id.Replace("{finished}", runs.FinishedId, StringComparison.Ordinal).Replace("{waiting}", runs.WaitingId, StringComparison.Ordinal);

        using var response = await Http.GetAsync($"/api/dashboard/runs/{run}/files/{file}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, await response.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DatasetCsvAndSpec_StoredInDatasetsThenStartable()
    {
        var csv = SampleCsv.Make(30, 9);
        using var upload = await Http.PostAsync("/api/augmentations/upload?name=uploaded/data.csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        using var spec = await Http.PostAsync("/api/augmentations/upload?name=uploaded/augment.json", HttpJson.Json(Specs.Quick));
        using var start = await Http.PostAsync("/api/augmentations", HttpJson.Json("{\"blobName\": \"uploaded/data.csv\"}"));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var body = await upload.JsonAsync();
        Assert.Equal(("datasets", "uploaded/data.csv"), (body.GetProperty("container").GetString(), body.GetProperty("blobName").GetString()));
        Assert.Equal(HttpStatusCode.Created, spec.StatusCode);
        await using var stored = await runs.Host.Blobs.OpenReadAsync(WorkArea.DatasetsContainer, "uploaded/data.csv");
        Assert.Equal(csv, await new StreamReader(stored!.Content).ReadToEndAsync());
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.JsonAsync()).GetProperty("id").GetString()!;
        var request = (await runs.Host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<AugmentRequest>()!;
        Assert.Equal("uploaded/augment.json", request.SpecBlobName);
    }

    [Theory]
    [InlineData("data.csv")]
    [InlineData("a/../b.csv")]
    [InlineData("a/notes.txt")]
    [InlineData("/augment.json")]
    [InlineData("")]
    public async Task Upload_BadName_400(string name)
    {
        using var upload = await Http.PostAsync($"/api/augmentations/upload?name={Uri.EscapeDataString(name)}", new StringContent("a,b\n1,2\n"));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("must be {dataset}/{file}.csv", await upload.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_EmptyBody_400()
    {
        using var upload = await Http.PostAsync("/api/augmentations/upload?name=x/data.csv", new StringContent(""));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains($"1 byte to {DashboardFunctions.MaxUploadBytes / (1024 * 1024)} MB", await upload.ErrorAsync(), StringComparison.Ordinal);
        Assert.Null(await runs.Host.Blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, "x/data.csv"));
    }
}
