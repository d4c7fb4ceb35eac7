using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Tests.Support;
using Augment.Pipeline;

namespace Augment.Functions.Tests.Management;

public class ManagementApiTests
{
    private static readonly string[] CheckStatusFields =
        ["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"];

    [Fact]
    public async Task Start_DatasetCsv_202WithLocationAndCheckStatusBody()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "adult/data.csv", SampleCsv.Make(40, 1));

        using var response = await handler.Http.PostAsJsonAsync("/api/augmentations?code=k%2B1", new { blobName = "adult/data.csv" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("10", response.Headers.GetValues("Retry-After").Single());
        var body = await JsonAsync(response);
        Assert.Equal(CheckStatusFields, body.EnumerateObject().Select(p => p.Name));
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("adult-", id);
        var root = handler.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Equal($"{root}/api/augmentations/{id}?code=k%2B1", body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(body.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        Assert.Equal($"{root}/api/augmentations/{id}/raiseEvent/{{eventName}}?code=k%2B1", body.GetProperty("sendEventPostUri").GetString());
        Assert.Equal($"{root}/api/augmentations/{id}/terminate?reason={{text}}&code=k%2B1", body.GetProperty("terminatePostUri").GetString());
        Assert.All(CheckStatusFields.Skip(1), f => Assert.DoesNotContain("/runtime/", body.GetProperty(f).GetString()));
        var request = (await handler.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<AugmentRequest>()!;
        Assert.Equal("api", request.Trigger);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest, "Invalid JSON content")]
    [InlineData("{\"blobName\": \"adult/augment.json\"}", HttpStatusCode.BadRequest, "must name a dataset CSV")]
    [InlineData("{}", HttpStatusCode.BadRequest, "must name a dataset CSV")]
    [InlineData("{\"blobName\": \"missing/data.csv\"}", HttpStatusCode.NotFound, "does not exist")]
    public async Task Start_BadInput_OneLineError(string body, HttpStatusCode expected, string message)
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.Http.PostAsync("/api/augmentations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        var error = (await JsonAsync(response)).GetProperty("error").GetString()!;
        Assert.Contains(message, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task Status_UnknownPendingCompleted_404Then202Then200()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "tiny/data.csv", SampleCsv.Make(120, 4));
        var id = (await JsonAsync(await handler.Http.PostAsJsonAsync("/api/augmentations", new { blobName = "tiny/data.csv" }))).GetProperty("id").GetString()!;

        using var unknown = await handler.Http.GetAsync("/api/augmentations/nope");
        using var pending = await handler.Http.GetAsync($"/api/augmentations/{id}");
        await new QueuePump(handler.Queues, handler.InvokeAsync).RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.IsCompleted, TimeSpan.FromSeconds(90));
        using var done = await handler.Http.GetAsync($"/api/augmentations/{id}?showHistory=true&showHistoryOutput=true&showInput=false");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal("5", pending.Headers.GetValues("Retry-After").Single());
        Assert.EndsWith($"/api/augmentations/{id}", pending.Headers.Location!.ToString());
        Assert.Equal("Pending", (await JsonAsync(pending)).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var status = await JsonAsync(done);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
        Assert.Equal(id, status.GetProperty("output").GetProperty("runId").GetString());
        var events = status.GetProperty("historyEvents").EnumerateArray().Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal("ExecutionStarted", events[0]);
        Assert.Equal("ExecutionCompleted", events[^1]);
        Assert.Contains("TaskCompleted", events);
    }

    [Fact]
    public async Task Status_FailedRun_200Or500OnRequest()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "bad/data.csv", SampleCsv.Make(40, 5));
        await handler.UploadAsync("datasets", "bad/augment.json", "{\"target\": \"no such column\"}");
        var id = (await JsonAsync(await handler.Http.PostAsJsonAsync("/api/augmentations", new { blobName = "bad/data.csv" }))).GetProperty("id").GetString()!;
        await new QueuePump(handler.Queues, handler.InvokeAsync).RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.IsCompleted, TimeSpan.FromSeconds(60));

        using var plain = await handler.Http.GetAsync($"/api/augmentations/{id}");
        using var asError = await handler.Http.GetAsync($"/api/augmentations/{id}?returnInternalServerErrorOnFailure=true");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("Failed", (await JsonAsync(plain)).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.InternalServerError, asError.StatusCode);
    }

    [Fact]
    public async Task Status_BadFlag_400()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", null, "x1");

        using var response = await handler.Http.GetAsync("/api/augmentations/x1?showHistory=yes");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task List_TopAndContinuationToken_PagesThroughEveryMatch()
    {
        await using var handler = await TestHandler.StartAsync();
        foreach (var id in new[] { "p-3", "p-1", "q-1", "p-5", "p-2", "p-4" })
        {
            await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", null, id);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/augmentations?instanceIdPrefix=p-&runtimeStatus=Pending,Running&top=2");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await handler.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await JsonAsync(response)).EnumerateArray().Select(s => s.GetProperty("instanceId").GetString()!).ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page);
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["p-1", "p-2", "p-3", "p-4", "p-5"], seen);
        Assert.Equal(3, pages);
        using var completedOnly = await handler.Http.GetAsync("/api/augmentations?runtimeStatus=Completed");
        Assert.Empty((await JsonAsync(completedOnly)).EnumerateArray());
    }

    [Theory]
    [InlineData("/api/augmentations?runtimeStatus=Sleeping")]
    [InlineData("/api/augmentations?runtimeStatus=3")]
    [InlineData("/api/augmentations?top=0")]
    [InlineData("/api/augmentations?top=1001")]
    [InlineData("/api/augmentations?createdTimeFrom=yesterday")]
    [InlineData("/api/augmentations?createdTimeFrom=2026-11-22T00:00:00Z&createdTimeTo=2026-11-21T00:00:00Z")]
    public async Task List_BadFilter_400(string url)
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await JsonAsync(response)).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task List_ForeignContinuationToken_400()
    {
        await using var handler = await TestHandler.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/augmentations");
        request.Headers.Add("x-ms-continuation-token", "%%%not-a-token");

        using var response = await handler.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
