using System.Net;
using System.Text;
using System.Text.Json;
using Augment.LocalHost.Http;
using Augment.Storage;

namespace Augment.LocalHost.Tests.Hosting;

/// <summary>The whole local host on a real Azurite with the fake Node.js handler: triggers, payloads, outputs, HTTP and keys.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalFunctionHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeApp _app = new();
    private readonly string _hostId = "h" + Guid.NewGuid().ToString("N")[..12];
    private LocalFunctionHost _host = null!;
    private IBlobStore _blobs = null!;
    private IQueueStore _queues = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        (_blobs, _queues) = azurite.Clients();
        var settings = _app.Settings(("FAKE_QUEUE", "next-" + _hostId));
        _host = await LocalFunctionHost.StartAsync(new LocalHostOptions
        {
            App = _app.Load(settings),
            Settings = settings,
            Blobs = _blobs,
            Queues = _queues,
            BlobEndpoint = azurite.Emulator.BlobEndpoint,
            HostId = _hostId,
            BlobScanInterval = TimeSpan.FromMilliseconds(300),
            HttpPort = 0,
        });
        _http = new HttpClient { BaseAddress = _host.ApiBaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task BlobUpload_InvokesHandlerWithHostPayload_ThenItsQueueOutputTriggersTheQueueFunction()
    {
        var content = "a,b\n1,2\n"u8.ToArray();
        var uploaded = await _blobs.UploadAsync("uploads", "folder/data.csv", new MemoryStream(content));

        var blobCall = await _app.WaitForAsync(e => FakeApp.IsPath(e, "/OnBlob"), TimeSpan.FromSeconds(30));
        var queueCall = await _app.WaitForAsync(e => FakeApp.IsPath(e, "/OnQueue"), TimeSpan.FromSeconds(30));

        var blob = blobCall.GetProperty("body");
        Assert.Equal(Convert.ToBase64String(content), blob.GetProperty("Data").GetProperty("blob").GetString());
        var meta = blob.GetProperty("Metadata");
        Assert.Equal("\"folder/data\"", meta.GetProperty("name").GetString());
        Assert.Equal($"\"{azurite.Emulator.BlobEndpoint}/uploads/folder/data.csv\"", meta.GetProperty("Uri").GetString());
        Assert.Equal(uploaded.ETag.Value, meta.GetProperty("Properties").GetProperty("ETag").GetString());
        Assert.Equal(content.Length, meta.GetProperty("Properties").GetProperty("ContentLength").GetInt64());
        Assert.False(meta.TryGetProperty("BlobTrigger", out _));

        var message = queueCall.GetProperty("body");
        var text = JsonSerializer.Deserialize<string>(message.GetProperty("Data").GetProperty("msg").GetString()!)!;
        Assert.Equal("\"folder/data\"", JsonDocument.Parse(text).RootElement.GetProperty("blob").GetString());
        Assert.Equal("1", message.GetProperty("Metadata").GetProperty("DequeueCount").GetString());
        Assert.StartsWith("\"", message.GetProperty("Metadata").GetProperty("Id").GetString(), StringComparison.Ordinal);

        var receipt = await _blobs.GetPropertiesAsync("azure-webjobs-hosts",
            $"blobreceipts/{_hostId}/Host.Functions.OnBlob/{uploaded.ETag.Value.Trim('"')}/uploads/folder/data.csv");
        Assert.NotNull(receipt);
    }

    [Fact]
    public async Task Http_NoKey_401AndHandlerNotCalled()
    {
        using var response = await _http.GetAsync("hello/bob");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_app.Invocations(), e => FakeApp.IsPath(e, "/Hello"));
    }

    [Fact]
    public async Task Http_WrongKey_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "hello/bob");
        request.Headers.Add("x-functions-key", "not-a-key");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Http_PayloadModeWithHostKeyHeader_ResponseFromTheHttpOutput()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "hello/bob?x=1");
        request.Headers.Add("x-functions-key", _host.Keys.DefaultKey);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("bob", response.Headers.GetValues("X-Hello").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bob", body.RootElement.GetProperty("hello").GetString());
        Assert.Equal("1", body.RootElement.GetProperty("query").GetProperty("x").GetString());
        var call = _app.Invocations().Single(e => FakeApp.IsPath(e, "/Hello")).GetProperty("body").GetProperty("Data").GetProperty("req");
        Assert.Equal("GET", call.GetProperty("Method").GetString());
        Assert.EndsWith("/api/hello/bob?x=1", call.GetProperty("Url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_ForwardedWithFunctionKeyInQuery_RawResponseAndOriginalPath()
    {
        var key = _host.Keys.KeysOf("Forwarded")[0];

        using var response = await _http.PostAsync($"things/5?code={key}", new StringContent("""{"a":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("X-Fake").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"/api/things/5?code={key}", body.RootElement.GetProperty("forwarded").GetString());
        Assert.Equal(_host.ApiBaseAddress!.Authority, body.RootElement.GetProperty("host").GetString());
        var call = _app.Invocations().Single(e => e.GetProperty("path").GetString()!.StartsWith("/api/things/5", StringComparison.Ordinal));
        Assert.Equal("""{"a":1}""", call.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Http_Anonymous_NoKeyNeeded()
    {
        using var response = await _http.GetAsync("health");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Http_AdminLevel_OnlyTheMasterKey()
    {
        using var withFunctionKey = await _http.GetAsync($"secret?code={_host.Keys.DefaultKey}");
        using var withMaster = await _http.GetAsync($"secret?code={_host.Keys.MasterKey}");

        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withMaster.StatusCode);
    }

    [Fact]
    public async Task Http_UnknownRouteOrMethod_NotServed()
    {
        using var unknown = await _http.GetAsync($"nothing?code={_host.Keys.MasterKey}");
        using var wrongMethod = await _http.PostAsync($"hello/bob?code={_host.Keys.MasterKey}", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Fact]
    public async Task Keys_StoredInTheSecretsContainerAndReusedByTheNextHost()
    {
        var stored = await _blobs.GetPropertiesAsync(HostKeys.SecretsContainer, $"{_hostId}/host.json");
        var again = await HostKeys.LoadOrCreateAsync(_blobs, _hostId, ["Hello"]);

        Assert.NotNull(stored);
        Assert.Equal(_host.Keys.MasterKey, again.MasterKey);
        Assert.Equal(_host.Keys.DefaultKey, again.DefaultKey);
        Assert.Equal(_host.Keys.KeysOf("Hello"), again.KeysOf("Hello"));
        Assert.NotEqual(_host.Keys.MasterKey, _host.Keys.DefaultKey);
    }
}
