using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Augment.Cli.Hosting;
using Augment.Cli.Tests.Commands;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Cli.Tests.EndToEnd;

/// <summary>
/// The whole path on Azurite as `augment host` and `augment demo` run it: upload → the local host's blob trigger
/// (receipts) → the app's DatasetUploaded function → the AugmentDataset orchestration on DTFx's Azure Storage backend
/// (a separate trainer process) → outputs; the run is found and read through the management API with a function key.
/// </summary>
public sealed class FunctionsHostTests(FunctionsHostFixture fixture) : IClassFixture<FunctionsHostFixture>
{
    private FunctionsHostRuntime Runtime => fixture.Runtime;

    private HttpClient Http => fixture.Http;

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", Runtime.Host.FunctionKey);
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

        var meta = await WaitForEndAsync(id, TimeSpan.FromMinutes(3));
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
            $"blobreceipts/augment-local/Host.Functions.DatasetUploaded/{csv!.ETag.Value}/datasets/viahost/data.csv"));
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
        var url = Runtime.Host.BaseAddress.GetLeftPart(UriPartial.Authority);

        var refused = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "runs", "--url", url, "--key", "not-the-key");
        var accepted = await CliProcess.RunAsync(TimeSpan.FromMinutes(1), "runs", "--url", url, "--key", Runtime.Host.FunctionKey, "--json");

        Assert.Equal(5, refused.ExitCode);
        Assert.Single((refused.StdOut + refused.StdErr).Trim().Split('\n'));
        Assert.True(accepted.ExitCode == 0, accepted.StdErr);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(accepted.LastLine).RootElement.ValueKind);
    }

    [Fact]
    public void Functions_EveryAppFunctionIsHostedWithItsTrigger()
    {
        var functions = Runtime.Host.Functions.ToDictionary(f => f.Name, f => f.Kind.ToString());

        Assert.Equal("Blob", functions["DatasetUploaded"]);
        Assert.Equal("Timer", functions["NightlyAugmentation"]);
        Assert.Equal("Orchestration", functions["AugmentDataset"]);
        Assert.Equal("Http", functions["Augmentations"]);
        Assert.Equal("Activity", functions["SampleShard"]);
    }

    private async Task<OrchestrationMetadata> WaitForEndAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await Runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true) is { IsCompleted: true } meta)
            {
                return meta;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} did not finish within {timeout}");
            await Task.Delay(200);
        }
    }
}

/// <summary>One Azurite + local host + handler process for the class.</summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    internal FunctionsHostRuntime Runtime { get; private set; } = null!;

    internal HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Runtime = await FunctionsHostRuntime.StartAsync(
            new FunctionsHostRuntime.Settings(null, 0, null, TimeSpan.FromMilliseconds(500), NullLoggerFactory.Instance), CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(Runtime.Host.BaseAddress, "api/") };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Runtime.DisposeAsync();
    }
}
