using System.Net;
using Augment.App.Tests.Support;
using Augment.Dev;
using Augment.Pipeline;

namespace Augment.App.Tests.Management;

/// <summary>The host's key check on the app's HTTP functions and the Durable Functions routes.</summary>
public sealed class FunctionKeyTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public static TheoryData<string, string> KeyedRoutes => new()
    {
        { "GET", "/api/augmentations" },
        { "POST", "/api/augmentations" },
        { "DELETE", "/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z" },
        { "GET", "/api/augmentations/held-k1" },
        { "DELETE", "/api/augmentations/held-k1" },
        { "POST", "/api/augmentations/held-k1/terminate" },
        { "POST", "/api/augmentations/held-k1/raiseEvent/Go" },
        { "POST", "/api/augmentations/upload?name=keyed/data.csv" },
        { "GET", "/api/dashboard" },
        { "GET", "/api/dashboard/runs/held-k1/files/report.json" },
        { "GET", "/runtime/webhooks/durabletask/instances" },
        { "GET", "/runtime/webhooks/durabletask/instances/held-k1" },
        { "POST", "/runtime/webhooks/durabletask/instances/held-k1/terminate" },
        { "DELETE", "/runtime/webhooks/durabletask/instances/held-k1" },
    };

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        await _host.StartHeldRunAsync("held-k1");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(KeyedRoutes))]
    public async Task Request_NoKey_401WithNoBodyAndNoEffect(string method, string url)
    {
        using var response = await _host.Anonymous.SendAsync(Request(method, url));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await AssertUntouchedAsync();
    }

    [Theory]
    [MemberData(nameof(KeyedRoutes))]
    public async Task Request_WrongKey_401AsCodeAndAsHeader(string method, string url)
    {
        using var asCode = await _host.Anonymous.SendAsync(Request(method, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=k%2B2"));
        var asHeaderRequest = Request(method, url);
        asHeaderRequest.Headers.Add("x-functions-key", TestHost.Key + "x");
        using var asHeader = await _host.Anonymous.SendAsync(asHeaderRequest);
        var unescaped = Request(method, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + TestHost.Key); // '+' reads as a space
        using var plusAsSpace = await _host.Anonymous.SendAsync(unescaped);

        Assert.Equal(HttpStatusCode.Unauthorized, asCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plusAsSpace.StatusCode);
        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task Request_KeyAsCodeOrAsHeader_Served()
    {
        using var asCode = await _host.Anonymous.GetAsync($"/api/augmentations/held-k1?code={TestHost.EscapedKey}");
        using var asHeader = await _host.Http.GetAsync("/api/augmentations/held-k1");
        using var webhook = await _host.Anonymous.GetAsync($"/runtime/webhooks/durabletask/instances/held-k1?code={TestHost.EscapedKey}");

        Assert.Equal(HttpStatusCode.Accepted, asCode.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, asHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/openapi.json")]
    public async Task AnonymousRoute_NoKeyOrWrongKey_200Json(string url)
    {
        using var none = await _host.Anonymous.GetAsync(url);
        using var wrong = await _host.Anonymous.GetAsync(url + "?code=wrong");

        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var body = await none.JsonAsync();
        if (url.EndsWith("health", StringComparison.Ordinal))
        {
            Assert.Equal("healthy", body.GetProperty("status").GetString());
        }
        else
        {
            Assert.StartsWith("3.", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FunctionKey_NotConfigured_NewUrlSafeKeyPerStart()
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };
        await using var first = await LocalFunctionHost.StartAsync(new LocalHostOptions { Settings = settings, Backend = DurableBackend.InMemory, RunTriggers = false, Blobs = new Augment.Storage.InMemoryBlobStore() });
        await using var second = await LocalFunctionHost.StartAsync(new LocalHostOptions { Settings = settings, Backend = DurableBackend.InMemory, RunTriggers = false, Blobs = new Augment.Storage.InMemoryBlobStore() });
        using var http = new HttpClient { BaseAddress = first.BaseAddress };

        using var own = await http.GetAsync($"/api/augmentations?code={first.FunctionKey}");
        using var other = await http.GetAsync($"/api/augmentations?code={second.FunctionKey}");

        Assert.NotEqual(first.FunctionKey, second.FunctionKey);
        Assert.Matches("^[A-Za-z0-9_-]{40,}$", first.FunctionKey);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task RunStatusUrl_HandedToTrainers_AnswersTheRunsStatus()
    {
        var template = _host.Host.Services.GetService(typeof(App.Hosting.AppOptions)) is App.Hosting.AppOptions options
            ? options.Setting(App.Hosting.AppServices.RunStatusUrlSetting)
            : null;
        Assert.NotNull(template);

        using var response = await _host.Anonymous.GetAsync(template.Replace("{runId}", "held-k1", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method == "GET" ? null : HttpJson.Json("{\"blobName\": \"keyed/data.csv\"}"),
    };

    /// <summary>A refused request changed nothing: the held run still runs, nothing was uploaded.</summary>
    private async Task AssertUntouchedAsync()
    {
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Running, (await _host.WaitUntilHeldAsync("held-k1")).RuntimeStatus);
        Assert.Null(await _host.Blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, "keyed/data.csv"));
    }
}
