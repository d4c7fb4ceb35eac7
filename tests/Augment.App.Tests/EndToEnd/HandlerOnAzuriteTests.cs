using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Augment.Functions.Tests.Support;
using Augment.Pipeline;
using Augment.Storage;
using Xunit.Abstractions;

namespace Augment.Functions.Tests.EndToEnd;

/// <summary>
/// The handler as its own process on a real Azurite, driven only over HTTP: the management API starts and
/// follows a run, and the durable queue functions get every message the way the host's queue trigger delivers it.
/// </summary>
public sealed class HandlerOnAzuriteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartStatusCompletion_ThroughTheApi_OnAzurite()
    {
        await using var azurite = await AzuriteEmulator.StartAsync();
        var (blobs, queues) = StorageClients.FromConnectionString(azurite.ConnectionString);
        var (handler, ready) = await HandlerProcess.StartAsync(azurite.ConnectionString);
        await using var _ = handler;
        output.WriteLine($"handler process ready (GET / answered) after {ready.TotalMilliseconds:F0} ms");
        await blobs.CreateContainerIfNotExistsAsync("datasets");
        await blobs.UploadAsync("datasets", "e2e/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(SampleCsv.Make(300, 9))));

        using var start = await handler.Http.PostAsJsonAsync("/api/augmentations", new { blobName = "e2e/data.csv" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var statusUri = start.Headers.Location!;
        var clock = Stopwatch.StartNew();
        var pump = new QueuePump(queues, handler.InvokeAsync);
        HttpStatusCode code = default;
        await pump.RunUntilAsync(async () =>
        {
            using var status = await handler.Http.GetAsync(statusUri);
            code = status.StatusCode;
            return code != HttpStatusCode.Accepted;
        }, TimeSpan.FromSeconds(120));
        output.WriteLine($"run completed through the API in {clock.Elapsed.TotalSeconds:F1} s ({pump.Delivered} queue deliveries, {pump.Failed} retried)");

        using var final = await handler.Http.GetAsync(statusUri + "?showHistory=true");
        var body = JsonDocument.Parse(await final.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
        var runId = body.GetProperty("instanceId").GetString()!;
        foreach (var file in WorkArea.OutputFiles)
        {
            Assert.NotNull(await blobs.GetPropertiesAsync(WorkArea.OutputContainer, WorkArea.OutputPrefix("e2e", runId) + file));
        }

        Assert.Empty(pump.Poisoned);
        using var list = await handler.Http.GetAsync("/api/augmentations?runtimeStatus=Completed");
        Assert.Contains(runId, await list.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false, true, "FUNCTIONS_CUSTOMHANDLER_PORT is not set")]
    [InlineData(true, false, "AzureWebJobsStorage is not set")]
    public async Task Process_MissingSetting_ExitsWithOneLineReason(bool port, bool storage, string reason)
    {
        var environment = new Dictionary<string, string?>();
        if (port)
        {
            environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = "45999";
        }

        if (storage)
        {
            environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        }

        using var process = HandlerProcess.Launch(environment);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(reason, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
