using System.Net;
using System.Text.Json;
using Augment.App.Tests.Support;
using Augment.Pipeline;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.Management;

/// <summary>The management API (start, status, list) over HTTP on the local host, in memory.</summary>
public class ManagementApiTests
{
    private static readonly string[] CheckStatusFields =
        ["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"];

    [Fact]
    public async Task Start_DatasetCsv_202WithLocationAndCheckStatusBody()
    {
        await using var host = await TestHost.StartAsync();
        await host.UploadAsync("adult/data.csv", SampleCsv.Make(40, 1));
        await host.UploadAsync("adult/augment.json", Specs.Quick);

        using var response = await host.Anonymous.PostAsync($"/api/augmentations?code={TestHost.EscapedKey}", HttpJson.Json("{\"blobName\": \"adult/data.csv\"}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("10", response.Headers.GetValues("Retry-After").Single());
        var body = await response.JsonAsync();
        Assert.Equal(CheckStatusFields, body.EnumerateObject().Select(p => p.Name));
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("adult-", id, StringComparison.Ordinal);
        var root = host.Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var code = "code=" + TestHost.EscapedKey;
        Assert.Equal($"{root}/api/augmentations/{id}?{code}", body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(body.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        Assert.Equal($"{root}/api/augmentations/{id}/raiseEvent/{{eventName}}?{code}", body.GetProperty("sendEventPostUri").GetString());
        Assert.Equal($"{root}/api/augmentations/{id}/terminate?reason={{text}}&{code}", body.GetProperty("terminatePostUri").GetString());
        Assert.Equal($"{root}/api/augmentations/{id}?{code}", body.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.Equal($"{root}/api/augmentations/{id}/restart?{code}", body.GetProperty("restartPostUri").GetString());
        Assert.Equal($"{root}/api/augmentations/{id}/suspend?reason={{text}}&{code}", body.GetProperty("suspendPostUri").GetString());
        Assert.Equal($"{root}/api/augmentations/{id}/resume?reason={{text}}&{code}", body.GetProperty("resumePostUri").GetString());
        var request = (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<AugmentRequest>()!;
        Assert.Equal(("adult", "datasets", "adult/data.csv", "adult/augment.json", "api"), (request.Dataset, request.Container, request.BlobName, request.SpecBlobName, request.Trigger));

        // The status URL it handed out works as given (the key travels in it).
        await host.WaitForEndAsync(id);
        using var status = await host.Anonymous.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task Start_SameContentTwice_SameRunId()
    {
        await using var host = await TestHost.StartAsync();
        var first = await host.StartRunAsync("twice", SampleCsv.Make(40, 2));

        var second = await host.StartRunAsync("twice", SampleCsv.Make(40, 2));

        Assert.Equal(first, second);
        var runs = await host.Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "twice-" });
        Assert.Single(runs);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest, "Invalid JSON content")]
    [InlineData("{\"blobName\": \"adult/augment.json\"}", HttpStatusCode.BadRequest, "it is a spec")]
    [InlineData("{\"blobName\": \"loose.csv\"}", HttpStatusCode.BadRequest, "not a dataset CSV")]
    [InlineData("{\"blobName\": \"a/../b.csv\"}", HttpStatusCode.BadRequest, "path traversal")]
    [InlineData("{}", HttpStatusCode.BadRequest, "has no name")]
    [InlineData("{\"blobName\": \"missing/data.csv\"}", HttpStatusCode.NotFound, "does not exist")]
    public async Task Start_BadInput_OneLineError(string body, HttpStatusCode expected, string message)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Http.PostAsync("/api/augmentations", HttpJson.Json(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownRunningCompleted_404Then202Then200()
    {
        await using var host = await TestHost.StartAsync();
        await host.UploadAsync("held/data.csv", SampleCsv.Make(120, 4));
        await host.UploadAsync("held/augment.json", Specs.Quick);
        using var started = await host.Http.PostAsync("/api/augmentations", HttpJson.Json("{\"blobName\": \"held/data.csv\"}"));
        var id = (await started.JsonAsync()).GetProperty("id").GetString()!;
        await host.WaitUntilHeldAsync(id);

        using var unknown = await host.Http.GetAsync("/api/augmentations/nope");
        using var running = await host.Http.GetAsync($"/api/augmentations/{id}");
        host.Blobs.Release();
        await host.WaitForEndAsync(id);
        using var done = await host.Http.GetAsync($"/api/augmentations/{id}?showInput=false");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", await unknown.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("5", running.Headers.GetValues("Retry-After").Single());
        Assert.EndsWith($"/api/augmentations/{id}", running.Headers.Location!.ToString(), StringComparison.Ordinal);
        var runningBody = await running.JsonAsync();
        Assert.Equal("Running", runningBody.GetProperty("runtimeStatus").GetString());
        Assert.Equal("held/data.csv", runningBody.GetProperty("input").GetProperty("blobName").GetString());
        Assert.Equal("Profiling", runningBody.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var status = await done.JsonAsync();
        Assert.Equal(("AugmentDataset", id, "Completed"), (status.GetProperty("name").GetString(), status.GetProperty("instanceId").GetString(), status.GetProperty("runtimeStatus").GetString()));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
        Assert.Equal(id, status.GetProperty("output").GetProperty("runId").GetString());
        Assert.Equal("Done", status.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", status.GetProperty("createdTime").GetString());
        Assert.False(status.TryGetProperty("historyEvents", out _), "historyEvents only when asked for");
    }

    [Fact]
    public async Task Status_FailedRun_200Or500OnRequest()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartRunAsync("bad", SampleCsv.Make(40, 5), Specs.MissingTarget);
        await host.WaitForEndAsync(id);

        using var plain = await host.Http.GetAsync($"/api/augmentations/{id}");
        using var asError = await host.Http.GetAsync($"/api/augmentations/{id}?returnInternalServerErrorOnFailure=true");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var body = await plain.JsonAsync();
        Assert.Equal("Failed", body.GetProperty("runtimeStatus").GetString());
        var output = body.GetProperty("output").GetString()!;
        Assert.StartsWith("Profile failed", output, StringComparison.Ordinal);
        Assert.Contains("no such column", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, asError.StatusCode);
        Assert.Equal("Failed", (await asError.JsonAsync()).GetProperty("runtimeStatus").GetString());
    }

    [Theory]
    [InlineData("showHistory=yes")]
    [InlineData("showInput=1")]
    [InlineData("returnInternalServerErrorOnFailure=maybe")]
    public async Task Status_BadFlag_400(string query)
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-flag");

        using var response = await host.Http.GetAsync($"/api/augmentations/{id}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be true or false", await response.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TopAndContinuationToken_PagesThroughEveryMatch()
    {
        await using var host = await TestHost.StartAsync();
        foreach (var id in new[] { "held-p-3", "held-p-1", "held-q-1", "held-p-5", "held-p-2", "held-p-4" })
        {
            await host.StartHeldRunAsync(id);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/augmentations?instanceIdPrefix=held-p-&runtimeStatus=Pending,Running&top=2");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.JsonAsync()).EnumerateArray().ToList();
            Assert.InRange(page.Count, 1, 2);
            Assert.All(page, run => Assert.Equal(JsonValueKind.Null, run.GetProperty("input").ValueKind)); // showInput defaults to false in lists
            seen.AddRange(page.Select(s => s.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
            Assert.True(pages <= 5, "the continuation token never ran out");
        }
        while (token is not null);

        Assert.Equal(["held-p-1", "held-p-2", "held-p-3", "held-p-4", "held-p-5"], seen.Order());
        Assert.Equal(3, pages);
        using var completedOnly = await host.Http.GetAsync("/api/augmentations?runtimeStatus=Completed");
        Assert.Empty((await completedOnly.JsonAsync()).EnumerateArray());
        using var withInput = await host.Http.GetAsync("/api/augmentations?instanceIdPrefix=held-q-&showInput=true");
        Assert.Equal("held/data.csv", Assert.Single((await withInput.JsonAsync()).EnumerateArray()).GetProperty("input").GetProperty("blobName").GetString());
    }

    [Fact]
    public async Task List_CreatedTimeWindow_OnlyRunsCreatedInside()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-window");
        var created = (await host.Client.GetInstanceAsync(id))!.CreatedAt;

        using var inside = await host.Http.GetAsync($"/api/augmentations?createdTimeFrom={Iso(created.AddMinutes(-1))}&createdTimeTo={Iso(created.AddMinutes(1))}");
        using var after = await host.Http.GetAsync($"/api/augmentations?createdTimeFrom={Iso(created.AddMinutes(1))}");

        Assert.Equal(id, Assert.Single((await inside.JsonAsync()).EnumerateArray()).GetProperty("instanceId").GetString());
        Assert.Empty((await after.JsonAsync()).EnumerateArray());
    }

    [Theory]
    [InlineData("/api/augmentations?runtimeStatus=Sleeping")]
    [InlineData("/api/augmentations?runtimeStatus=3")]
    [InlineData("/api/augmentations?top=0")]
    [InlineData("/api/augmentations?top=1001")]
    [InlineData("/api/augmentations?top=ten")]
    [InlineData("/api/augmentations?createdTimeFrom=yesterday")]
    [InlineData("/api/augmentations?createdTimeFrom=2026-11-22T00:00:00Z&createdTimeTo=2026-11-21T00:00:00Z")]
    [InlineData("/api/augmentations?showInput=no")]
    public async Task List_BadFilter_400(string url)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.ErrorAsync()));
    }

    [Fact]
    public async Task List_ForeignContinuationToken_400()
    {
        await using var host = await TestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/augmentations");
        request.Headers.Add("x-ms-continuation-token", "%%%not-a-token");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z");
}
