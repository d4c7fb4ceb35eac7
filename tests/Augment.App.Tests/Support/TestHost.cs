using System.Net.Http.Headers;
using System.Text;
using Augment.Dev;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Augment.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.Support;

/// <summary>
/// The app's functions on the local host: the in-memory Durable Task backend and a <see cref="HoldingBlobStore"/> in
/// memory (or, given an Azurite, DTFx's Azure Storage backend on its own task hub and the Azurite blobs), no triggers
/// unless asked, a known function key; HTTP clients to it with and without the key.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    /// <summary>The function key: characters that must be escaped in a query string, so URL building is tested too.</summary>
    public const string Key = "k+1/x=";

    /// <summary>How long a run may take to reach a state on a loaded machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private TestHost(LocalFunctionHost host, HoldingBlobStore blobs)
    {
        Host = host;
        Blobs = blobs;
        Http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-functions-key", Key);
        Anonymous = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public LocalFunctionHost Host { get; }

    public HoldingBlobStore Blobs { get; }

    /// <summary>A client that sends the function key (<c>x-functions-key</c>).</summary>
    public HttpClient Http { get; }

    /// <summary>A client that sends no key.</summary>
    public HttpClient Anonymous { get; }

    public DurableTaskClient Client => Host.Client;

    /// <summary>The key as a query string value.</summary>
    public static string EscapedKey => Uri.EscapeDataString(Key);

    public static async Task<TestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, AzuriteEmulator? azurite = null, bool runTriggers = false)
    {
        var blobs = new HoldingBlobStore(azurite is null ? null : StorageClients.FromConnectionString(azurite.ConnectionString).Blobs);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // In memory, never connected to (the in-memory store replaces storage, the triggers are off); the app requires it.
            ["AzureWebJobsStorage"] = azurite?.ConnectionString ?? "UseDevelopmentStorage=true",
            ["NightlySchedule"] = "0 0 2 * * *", // as local.settings.sample.json
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        var host = await LocalFunctionHost.StartAsync(new LocalHostOptions
        {
            Settings = all,
            Backend = azurite is null ? DurableBackend.InMemory : DurableBackend.AzureStorage,
            // A task hub and host id of its own, so hosts sharing one Azurite never see each other's runs or receipts.
            TaskHub = new Augment.Dev.Durable.TaskHubSettings { TaskHub = "t" + Guid.NewGuid().ToString("N")[..12] },
            HostId = "test-" + Guid.NewGuid().ToString("N")[..12],
            RunTriggers = runTriggers,
            Blobs = blobs,
            FunctionKey = Key,
        });
        return new TestHost(host, blobs);
    }

    /// <summary>Writes <c>datasets/{name}</c>.</summary>
    public async Task UploadAsync(string name, string text)
    {
        await Blobs.CreateContainerIfNotExistsAsync(WorkArea.DatasetsContainer);
        await Blobs.UploadAsync(WorkArea.DatasetsContainer, name, new MemoryStream(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Uploads an image archive as <c>{dataset}/images.zip</c> (and its spec) and starts its run through
    /// <c>POST /api/augmentations</c>; returns the run id.</summary>
    public async Task<string> StartImageRunAsync(string dataset, byte[] zip, string spec = SampleImages.Spec)
    {
        await UploadAsync($"{dataset}/{WorkArea.SpecFileName}", spec);
        await Blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/images.zip", new MemoryStream(zip));
        using var content = new StringContent($"{{\"blobName\": \"{dataset}/images.zip\"}}", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("/api/augmentations", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"start answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Uploads a CSV (and its spec) and starts its run through <c>POST /api/augmentations</c>; returns the run id.</summary>
    public async Task<string> StartRunAsync(string dataset, string csv, string? spec = Specs.Quick)
    {
        await UploadAsync($"{dataset}/data.csv", csv);
        if (spec is not null)
        {
            await UploadAsync($"{dataset}/{WorkArea.SpecFileName}", spec);
        }

        using var content = new StringContent($"{{\"blobName\": \"{dataset}/data.csv\"}}", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("/api/augmentations", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"start answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Schedules an AugmentDataset run of <c>datasets/held/data.csv</c> under <paramref name="instanceId"/> (which should
    /// start with <c>held</c>): it stays Running in Profile until a test ends it or <see cref="HoldingBlobStore.Release"/>.
    /// </summary>
    public async Task<string> StartHeldRunAsync(string instanceId)
    {
        if (await Blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, "held/data.csv") is null)
        {
            await UploadAsync("held/data.csv", SampleCsv.Make(60, 3));
            await UploadAsync("held/" + WorkArea.SpecFileName, Specs.Quick);
        }

        var request = new AugmentRequest("held", WorkArea.DatasetsContainer, "held/data.csv", null, "held/" + WorkArea.SpecFileName, "test");
        return await Client.ScheduleNewOrchestrationInstanceAsync(AugmentDatasetOrchestrator.Name, request, new StartOrchestrationOptions { InstanceId = instanceId });
    }

    /// <summary>Polls the run every 50 ms until <paramref name="until"/> holds; fails with its last state after the timeout.</summary>
    public Task<OrchestrationMetadata> WaitAsync(string instanceId, Func<OrchestrationMetadata, bool> until, TimeSpan? timeout = null) =>
        Client.WaitUntilAsync(instanceId, until, timeout ?? DefaultTimeout);

    /// <summary>Waits for the run to reach <paramref name="status"/>.</summary>
    public Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status, TimeSpan? timeout = null) =>
        WaitAsync(instanceId, m => m.RuntimeStatus == status, timeout);

    /// <summary>Waits for the run to end (Completed, Failed or Terminated).</summary>
    public Task<OrchestrationMetadata> WaitForEndAsync(string instanceId, TimeSpan? timeout = null) =>
        WaitAsync(instanceId, m => m.IsCompleted, timeout);

    /// <summary>Waits for a held run to be inside its held write (so it is Running, not Pending).</summary>
    public Task<OrchestrationMetadata> WaitUntilHeldAsync(string instanceId, int heldWrites = 1) =>
        WaitAsync(instanceId, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running && Blobs.Held >= heldWrites);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        Blobs.Release(); // a held activity has no cancellation: let it finish so the worker can stop
        await Host.DisposeAsync();
    }
}

/// <summary>Polling on the Durable Task client.</summary>
internal static class ClientPolling
{
    /// <summary>Polls the task hub every 50 ms until a run whose id starts with <paramref name="prefix"/> exists.</summary>
    public static async Task<OrchestrationMetadata> WaitForRunAsync(this DurableTaskClient client, string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var runs = await client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, FetchInputsAndOutputs = true });
            if (runs.Count > 0)
            {
                return runs[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no run {prefix}* started within {timeout.TotalSeconds:F0} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls <c>GetInstanceAsync</c> (inputs and outputs included) every 50 ms until <paramref name="until"/> holds; a query the in-memory service fails is tried again.</summary>
    public static async Task<OrchestrationMetadata> WaitUntilAsync(this DurableTaskClient client, string instanceId, Func<OrchestrationMetadata, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        OrchestrationMetadata? last;
        while (true)
        {
            try
            {
                last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                // The in-memory service of the test-host package can throw on a query racing the instance's creation.
                last = null;
            }

            if (last is not null && until(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Fail(last is null
            ? $"{instanceId} does not exist after {timeout.TotalSeconds:F0} s"
            : $"{instanceId} did not reach the expected state in {timeout.TotalSeconds:F0} s: {last.RuntimeStatus}, custom status {last.SerializedCustomStatus}, failure {last.FailureDetails?.ErrorMessage}");
        return last!;
    }
}

/// <summary>Polling on the Durable Functions HTTP API.</summary>
internal static class WebhookPolling
{
    /// <summary>Polls <c>GET /runtime/webhooks/durabletask/instances/{id}</c> every 200 ms while it answers 202 (the run is
    /// pending or running); returns the first other answer's status code and body. Fails after the timeout.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, string Body)> WaitForWebhookEndAsync(this HttpClient http, string instanceId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}?showInput=false");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                return (response.StatusCode, body);
            }

            Assert.True(DateTime.UtcNow < deadline, $"{instanceId} still running after {timeout.TotalSeconds:F0} s: {body}");
            await Task.Delay(200);
        }
    }
}

/// <summary>Queries on the Durable Task client.</summary>
internal static class ClientQueries
{
    /// <summary>Every instance the query matches, across pages.</summary>
    public static async Task<List<OrchestrationMetadata>> ListAsync(this DurableTaskClient client, OrchestrationQuery? query = null)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var run in client.GetAllInstancesAsync(query))
        {
            all.Add(run);
        }

        return all;
    }
}
