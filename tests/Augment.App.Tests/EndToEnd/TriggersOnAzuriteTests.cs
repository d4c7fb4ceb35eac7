using System.Net;
using System.Text;
using Augment.App.Tests.Support;
using Augment.Pipeline;
using Augment.Storage;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.EndToEnd;

/// <summary>
/// The local host as the demo runs it: DTFx's Azure Storage backend and the blobs on a real Azurite, the triggers on;
/// runs started by the storage events themselves and followed over HTTP.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TriggersOnAzuriteTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Upload_DatasetCsv_BlobTriggerStartsARunThatCompletesWithItsOutputs()
    {
        await using var host = await TestHost.StartAsync(azurite: azurite.Emulator, runTriggers: true);
        var blobs = StorageClients.FromConnectionString(azurite.Emulator.ConnectionString).Blobs;
        var dataset = "e2e" + Guid.NewGuid().ToString("N")[..8];
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(Specs.Quick)));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(SampleCsv.Make(300, 9))));

        var run = await host.Client.WaitForRunAsync(dataset + "-", TestHost.DefaultTimeout);
        var done = await host.WaitForEndAsync(run.InstanceId, RunTimeout);
        using var status = await host.Http.GetAsync($"/api/augmentations/{run.InstanceId}");
        using var list = await host.Http.GetAsync("/api/augmentations?runtimeStatus=Completed");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var request = done.ReadInputAs<AugmentRequest>()!;
        Assert.Equal(($"{dataset}/data.csv", $"{dataset}/augment.json", "upload"), (request.BlobName, request.SpecBlobName, request.Trigger));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("Completed", (await status.JsonAsync()).GetProperty("runtimeStatus").GetString());
        Assert.Contains(run.InstanceId, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var file in WorkArea.OutputFiles)
        {
            Assert.NotNull(await blobs.GetPropertiesAsync(WorkArea.OutputContainer, WorkArea.OutputPrefix(dataset, run.InstanceId) + file));
        }

        // The spec's own upload started nothing: one run for the dataset.
        Assert.Single(await host.Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = dataset + "-" }));
    }

    [Fact]
    public async Task Upload_ThroughTheApi_BlobTriggerStartsTheRun()
    {
        await using var host = await TestHost.StartAsync(azurite: azurite.Emulator, runTriggers: true);
        var dataset = "api" + Guid.NewGuid().ToString("N")[..8];

        using var spec = await host.Http.PostAsync($"/api/augmentations/upload?name={dataset}/augment.json", HttpJson.Json(Specs.Quick));
        using var csv = await host.Http.PostAsync($"/api/augmentations/upload?name={dataset}/data.csv", new StringContent(SampleCsv.Make(120, 3), Encoding.UTF8, "text/csv"));
        var run = await host.Client.WaitForRunAsync(dataset + "-", TestHost.DefaultTimeout);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (spec.StatusCode, csv.StatusCode));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.WaitForEndAsync(run.InstanceId, RunTimeout)).RuntimeStatus);
    }

    [Fact]
    public async Task Schedule_Due_TimerFiresTheNightlyFunction()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["NightlySchedule"] = "*/2 * * * * *" }, azurite.Emulator, runTriggers: true);
        var dataset = "night" + Guid.NewGuid().ToString("N")[..8];
        // The upload starts its own run too; if that one completed before the timer's first fire, the planner would skip
        // the dataset as unchanged since its last successful run: nightlyWhenUnchanged keeps the test from racing it.
        await host.UploadAsync($"{dataset}/augment.json", """{"schedule": "nightly", "nightlyWhenUnchanged": true, "target": "income", "model": "gaussian-copula"}""");
        await host.UploadAsync($"{dataset}/data.csv", SampleCsv.Make(120, 1));

        var run = await host.Client.WaitForRunAsync(dataset + "-nightly-", TestHost.DefaultTimeout);

        Assert.Equal("nightly", run.ReadInputAs<AugmentRequest>()!.Trigger);
    }
}
