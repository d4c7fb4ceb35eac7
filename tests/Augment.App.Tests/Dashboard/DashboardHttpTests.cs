using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Augment.Functions.Tests.Support;

namespace Augment.Functions.Tests.Dashboard;

/// <summary>The dashboard's routes and the upload route, over HTTP (no browser).</summary>
public class DashboardHttpTests(DashboardRuns runs) : IClassFixture<DashboardRuns>
{
    [Fact]
    public async Task Page_OneSelfContainedDocument_NoExternalScriptsOrStyles()
    {
        using var response = await runs.Handler.Http.GetAsync("/api/dashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("loadDetail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("stylesheet", html, StringComparison.Ordinal);
        Assert.DoesNotContain(".innerHTML", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.json", "application/json")]
    [InlineData("augmented.csv", "text/csv")]
    [InlineData("synthetic.csv", "text/csv")]
    public async Task RunFile_FinishedRun_StreamsTheOutput(string file, string contentType)
    {
        using var response = await runs.Handler.Http.GetAsync($"/api/dashboard/runs/{runs.FinishedId}/files/{file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        if (file == "report.json")
        {
            Assert.Equal(runs.FinishedId, JsonDocument.Parse(body).RootElement.GetProperty("runId").GetString());
        }
        else
        {
            Assert.StartsWith("age,hours,sex,income", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("nope", "report.json", "No instance")]
    [InlineData("{finished}", "secrets.txt", "is not a run file")]
    [InlineData("approval-1", "report.json", "has no report.json")]
    public async Task RunFile_Unknown_404OneLine(string id, string file, string message)
    {
        using var response = await runs.Handler.Http.GetAsync($"/api/dashboard/runs/{id.Replace("{finished}", runs.FinishedId, StringComparison.Ordinal)}/files/{file}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task Upload_DatasetCsv_StoredInDatasetsThenStartable()
    {
        var csv = SampleCsv.Make(30, 9);
        using var upload = await runs.Handler.Http.PostAsync("/api/augmentations/upload?name=uploaded/data.csv", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("uploaded/data.csv", (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("blobName").GetString());
        await using var stored = await runs.Handler.Blobs.OpenReadAsync("datasets", "uploaded/data.csv");
        Assert.Equal(csv, await new StreamReader(stored!.Content).ReadToEndAsync());
    }

    [Theory]
    [InlineData("data.csv")]
    [InlineData("a/../b.csv")]
    [InlineData("a/notes.txt")]
    [InlineData("")]
    public async Task Upload_BadName_400(string name)
    {
        using var upload = await runs.Handler.Http.PostAsync($"/api/augmentations/upload?name={Uri.EscapeDataString(name)}", new StringContent("a,b\n1,2\n"));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("must be {dataset}/{file}.csv", (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_EmptyBody_400()
    {
        using var upload = await runs.Handler.Http.PostAsync("/api/augmentations/upload?name=x/data.csv", new StringContent(""));

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
    }
}
