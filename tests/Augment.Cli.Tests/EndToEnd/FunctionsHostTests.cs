using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Augment.Cli.Hosting;
using Augment.Cli.Tests.Commands;
using Augment.Durable;
using Augment.Pipeline;
using Augment.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Cli.Tests.EndToEnd;

/// <summary>
/// The whole path on Azurite as `augment host` and `augment demo` run it: upload → local Functions host (blob
/// trigger, receipts) → the real custom handler (Augment.Functions, its own process) → orchestration driven by the
/// host's queue triggers → outputs; the run is found and read through the management API with a function key.
/// </summary>
public sealed class FunctionsHostTests(FunctionsHostFixture fixture) : IClassFixture<FunctionsHostFixture>
{
    private FunctionsHostRuntime Runtime => fixture.Runtime;

    private HttpClient Http => fixture.Http;

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", Runtime.Host.Keys.DefaultKey);
        using var response = await Http.SendAsync(request);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted
            ? await response.Content.ReadFromJsonAsync<JsonElement>()
            : throw new HttpRequestException($"GET {path}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Upload_ThroughLocalHostAndHandler_RunCompletesWithOutputs()
    {
        var blobs = Runtime.Blobs;
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "viahost/augment.json", new MemoryStream("""{ "target": "income", "rows": 200, "seed": 3 }"""u8.ToArray()));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "viahost/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(RepoFiles.AdultHead(500))));

        string? id = null;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (id is null)
            {
                var list = await GetAsync("augmentations?instanceIdPrefix=viahost-");
                id = list.GetArrayLength() > 0 ? list[0].GetProperty("instanceId").GetString() : null;
                await Task.Delay(200, deadline.Token);
            }
        }

        var meta = await Runtime.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        var status = await GetAsync($"augmentations/{id}");
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var result = meta.ReadOutputAs<AugmentResult>()!;
        Assert.Equal(500, result.RealRows);
        Assert.InRange(result.SyntheticRows, 150, 200);
        var published = (await blobs.ListPageAsync(WorkArea.OutputContainer, $"viahost/{id}/")).Items.Select(b => b.Name[(b.Name.LastIndexOf('/') + 1)..]);
        Assert.Equal(WorkArea.OutputFiles.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));

        // The blob trigger left its receipt for the uploaded version.
        var csv = await blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, "viahost/data.csv");
        Assert.NotNull(await blobs.GetPropertiesAsync("azure-webjobs-hosts",
            $"blobreceipts/localhost/Host.Functions.DatasetUploaded/{csv!.ETag.Value.Trim('"')}/datasets/viahost/data.csv"));
    }

    [Fact]
    public async Task ManagementApi_WithoutKey_401()
    {
        using var response = await Http.GetAsync("augmentations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Cli_WrongKey_Exit5OneLine_RightKey_Exit0()
    {
        var url = new Uri(Runtime.Host.ApiBaseAddress!, "/").ToString().TrimEnd('/');

        var refused = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "runs", "--url", url, "--key", "not-the-key");
        var accepted = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "runs", "--url", url, "--key", Runtime.Host.Keys.DefaultKey, "--json");

        Assert.Equal(5, refused.ExitCode);
        Assert.Single((refused.StdOut + refused.StdErr).Trim().Split('\n'));
        Assert.True(accepted.ExitCode == 0, accepted.StdErr);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(accepted.LastLine).RootElement.ValueKind);
    }

    [Fact]
    public void Summary_ListsEveryFunctionWithItsTrigger()
    {
        var summary = Runtime.Host.Summary;

        Assert.Contains(summary, l => l.StartsWith("DatasetUploaded: blobTrigger datasets/{name}", StringComparison.Ordinal));
        Assert.Contains(summary, l => l.StartsWith("NightlyAugmentation: timerTrigger 0 0 2 * * *", StringComparison.Ordinal));
        Assert.Contains(summary, l => l.StartsWith("DurableWorkItems: queueTrigger", StringComparison.Ordinal));
        Assert.Contains(summary, l => l.StartsWith("Augmentations: httpTrigger", StringComparison.Ordinal));
    }
}

/// <summary>One Azurite + local host + handler process for the class.</summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    internal FunctionsHostRuntime Runtime { get; private set; } = null!;

    internal HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var app = FunctionsAppLocator.Locate(null) ?? throw new InvalidOperationException("Augment.Functions build output not found");
        Runtime = await FunctionsHostRuntime.StartAsync(
            new FunctionsHostRuntime.Settings(app, null, 0, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), NullLoggerFactory.Instance), CancellationToken.None);
        Http = new HttpClient { BaseAddress = Runtime.Host.ApiBaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Runtime.DisposeAsync();
    }
}
