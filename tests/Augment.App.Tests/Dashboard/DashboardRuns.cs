using System.Net.Http.Json;
using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Tests.Support;
using Augment.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.Functions.Tests.Dashboard;

/// <summary>
/// A handler (in-memory stores) with a queue pump running in the background, one finished pipeline run, and an
/// <c>AwaitApproval</c> orchestration that waits for the <c>Approve</c> event under a hostile dataset name.
/// </summary>
public sealed class DashboardRuns : IAsyncLifetime
{
    public const string HostileDataset = "<script>alert(1)</script>.csv";

    public const string ApprovalOrchestrator = "AwaitApproval";

    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;

    internal TestHandler Handler { get; private set; } = null!;

    public string FinishedId { get; private set; } = "";

    public string WaitingId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Handler = await TestHandler.StartAsync();
        Handler.Services.GetRequiredService<DurableTaskRegistry>().AddOrchestrator<AugmentRequest, string>(ApprovalOrchestrator, async (context, request) =>
        {
            context.SetCustomStatus(new RunProgress("Awaiting approval", 0, 0, $"{request.Dataset} waits for Approve"));
            var note = await context.WaitForExternalEvent<JsonElement?>("Approve");
            return "approved";
        });
        var pump = new QueuePump(Handler.Queues, Handler.InvokeAsync);
        _pump = Task.Run(() => pump.RunUntilAsync(() => Task.FromResult(_stop.IsCancellationRequested), TimeSpan.FromMinutes(10)));

        await Handler.UploadAsync("datasets", "tiny/data.csv", SampleCsv.Make(120, 4));
        using var started = await Handler.Http.PostAsJsonAsync("/api/augmentations", new { blobName = "tiny/data.csv" });
        FinishedId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitAsync(FinishedId, OrchestrationRuntimeStatus.Completed);

        WaitingId = await Handler.Client.ScheduleNewOrchestrationInstanceAsync(
            ApprovalOrchestrator, new AugmentRequest(HostileDataset, "datasets", "hostile/" + HostileDataset, null, null, "api"), "approval-1");
        await WaitForCustomStatusAsync(WaitingId);
    }

    /// <summary>Waits (up to 2 minutes) for the instance to reach the status; fails with the status it has.</summary>
    public async Task WaitAsync(string id, OrchestrationRuntimeStatus status)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var metadata = await Handler.Client.GetInstanceAsync(id);
            if (metadata?.RuntimeStatus == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} is {metadata?.RuntimeStatus}, expected {status}");
            await Task.Delay(100);
        }
    }

    private async Task WaitForCustomStatusAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await Handler.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.SerializedCustomStatus is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{id} never started");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            await _pump;
        }

        await Handler.DisposeAsync();
        _stop.Dispose();
    }
}
