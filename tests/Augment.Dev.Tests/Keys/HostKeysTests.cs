using System.Text.Json;
using Augment.Dev.Keys;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;

namespace Augment.Dev.Tests.Keys;

/// <summary>The host's keys in a real Azurite's <c>azure-webjobs-secrets</c>; each test has its own host id.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostKeysTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _hostId = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly BlobContainerClient _secrets = azurite.Blobs().GetBlobContainerClient(HostKeys.SecretsContainer);
    private HostKeys _keys = null!;

    public async Task InitializeAsync() => _keys = await HostKeys.LoadOrCreateAsync(_secrets, _hostId, ["Hello", "Other"]);

    public Task DisposeAsync() => Task.CompletedTask;

    private static HttpRequest Request(string? code = null, string? header = null)
    {
        var context = new DefaultHttpContext();
        if (code is not null)
        {
            context.Request.QueryString = QueryString.Create("code", code);
        }

        if (header is not null)
        {
            context.Request.Headers[HostKeys.KeyHeader] = header;
        }

        return context.Request;
    }

    [Fact]
    public async Task LoadOrCreate_FirstStart_WritesTheHostsSecretFiles()
    {
        var host = JsonDocument.Parse((await _secrets.GetBlobClient($"{_hostId}/host.json").DownloadContentAsync()).Value.Content.ToString()).RootElement;
        var hello = JsonDocument.Parse((await _secrets.GetBlobClient($"{_hostId}/hello.json").DownloadContentAsync()).Value.Content.ToString()).RootElement;

        Assert.Equal("master", host.GetProperty("masterKey").GetProperty("name").GetString());
        Assert.Equal(_keys.MasterKey, host.GetProperty("masterKey").GetProperty("value").GetString());
        Assert.False(host.GetProperty("masterKey").GetProperty("encrypted").GetBoolean());
        Assert.Equal("default", host.GetProperty("functionKeys")[0].GetProperty("name").GetString());
        Assert.Equal(_keys.DefaultKey, host.GetProperty("functionKeys")[0].GetProperty("value").GetString());
        Assert.Equal(_keys.KeysOf("Hello"), hello.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task LoadOrCreate_NextStart_ReusesTheStoredKeys()
    {
        var again = await HostKeys.LoadOrCreateAsync(_secrets, _hostId, ["hello", "Other"]);

        Assert.Equal(_keys.MasterKey, again.MasterKey);
        Assert.Equal(_keys.DefaultKey, again.DefaultKey);
        Assert.Equal(_keys.KeysOf("Hello"), again.KeysOf("Hello"));
    }

    [Fact]
    public async Task LoadOrCreate_TwoHostsAtOnce_AgreeOnTheKeys()
    {
        var hostId = "t" + Guid.NewGuid().ToString("N")[..12];

        var both = await Task.WhenAll(HostKeys.LoadOrCreateAsync(_secrets, hostId, ["Hello"]), HostKeys.LoadOrCreateAsync(_secrets, hostId, ["Hello"]));

        Assert.Equal(both[0].MasterKey, both[1].MasterKey);
        Assert.Equal(both[0].KeysOf("Hello"), both[1].KeysOf("Hello"));
    }

    [Fact]
    public void Keys_AreDistinctAndUrlSafe()
    {
        string[] all = [_keys.MasterKey, _keys.DefaultKey, _keys.KeysOf("Hello")[0], _keys.KeysOf("Other")[0]];

        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(all, k => Assert.Matches("^[A-Za-z0-9_-]{50,}$", k));
    }

    [Fact]
    public async Task LoadOrCreate_EncryptedSecrets_RefusedWithAReason()
    {
        var hostId = "t" + Guid.NewGuid().ToString("N")[..12];
        await _secrets.GetBlobClient($"{hostId}/host.json").UploadAsync(BinaryData.FromString(
            """{"masterKey":{"name":"master","value":"CfDJ8...","encrypted":true},"functionKeys":[{"name":"default","value":"CfDJ8...","encrypted":true}],"systemKeys":[]}"""));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => HostKeys.LoadOrCreateAsync(_secrets, hostId, []));

        Assert.Contains("encrypted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadOrCreate_CorruptSecrets_RefusedNotOverwritten()
    {
        var hostId = "t" + Guid.NewGuid().ToString("N")[..12];
        await _secrets.GetBlobClient($"{hostId}/host.json").UploadAsync(BinaryData.FromString("{oops"));

        await Assert.ThrowsAsync<InvalidDataException>(() => HostKeys.LoadOrCreateAsync(_secrets, hostId, []));

        Assert.Equal("{oops", (await _secrets.GetBlobClient($"{hostId}/host.json").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public void IsAuthorized_Anonymous_NeedsNoKey() =>
        Assert.True(_keys.IsAuthorized(Request(), AuthLevel.Anonymous, "Hello"));

    [Fact]
    public void IsAuthorized_FunctionLevel_PerKey()
    {
        Assert.False(_keys.IsAuthorized(Request(), AuthLevel.Function, "Hello"));
        Assert.False(_keys.IsAuthorized(Request(code: "wrong"), AuthLevel.Function, "Hello"));
        Assert.False(_keys.IsAuthorized(Request(code: ""), AuthLevel.Function, "Hello"));
        Assert.True(_keys.IsAuthorized(Request(code: _keys.DefaultKey), AuthLevel.Function, "Hello"));
        Assert.True(_keys.IsAuthorized(Request(header: _keys.DefaultKey), AuthLevel.Function));
        Assert.True(_keys.IsAuthorized(Request(code: _keys.KeysOf("Hello")[0]), AuthLevel.Function, "Hello"));
        Assert.True(_keys.IsAuthorized(Request(code: _keys.MasterKey), AuthLevel.Function, "Hello"));
    }

    [Fact]
    public void IsAuthorized_FunctionLevel_AnotherFunctionsKeyRefused()
    {
        Assert.False(_keys.IsAuthorized(Request(code: _keys.KeysOf("Other")[0]), AuthLevel.Function, "Hello"));
        Assert.False(_keys.IsAuthorized(Request(code: _keys.KeysOf("Hello")[0]), AuthLevel.Function));
    }

    [Fact]
    public void IsAuthorized_AdminLevel_OnlyTheMasterKey()
    {
        Assert.False(_keys.IsAuthorized(Request(), AuthLevel.Admin));
        Assert.False(_keys.IsAuthorized(Request(code: _keys.DefaultKey), AuthLevel.Admin));
        Assert.False(_keys.IsAuthorized(Request(code: _keys.KeysOf("Hello")[0]), AuthLevel.Admin, "Hello"));
        Assert.True(_keys.IsAuthorized(Request(header: _keys.MasterKey), AuthLevel.Admin));
        Assert.True(_keys.IsAuthorized(Request(code: _keys.MasterKey), AuthLevel.Admin));
    }

    [Fact]
    public void IsAuthorized_HeaderAndCode_TheHeaderCounts()
    {
        Assert.False(_keys.IsAuthorized(Request(code: _keys.DefaultKey, header: "wrong"), AuthLevel.Function));
        Assert.True(_keys.IsAuthorized(Request(code: "wrong", header: _keys.DefaultKey), AuthLevel.Function));
    }

    [Theory]
    [InlineData(1)] // the worker's User level
    [InlineData(3)] // the worker's System level
    public void IsAuthorized_LevelNotKeptHere_Refused(int level) =>
        Assert.False(_keys.IsAuthorized(Request(code: _keys.MasterKey), (AuthLevel)level));
}
