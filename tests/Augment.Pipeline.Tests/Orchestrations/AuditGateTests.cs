using System.Text;
using System.Text.Json;
using Augment.Durable;
using Augment.Pipeline.Orchestrations;
using Augment.Storage;

namespace Augment.Pipeline.Tests.Orchestrations;

/// <summary>The audit policies end to end on the in-memory engine and blob store (a 600-row Adult head; a zero
/// share-shift tolerance makes balancing a finding).</summary>
public class AuditGateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private static string AdultHead(int rows)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "adult.csv")))
        {
            dir = dir.Parent;
        }

        var lines = File.ReadLines(Path.Combine(dir?.FullName ?? throw new FileNotFoundException("samples/adult.csv"), "samples", "adult.csv")).Take(rows + 1);
        return string.Join('\n', lines) + "\n";
    }

    private static async Task<(InMemoryBlobStore Blobs, DurableTaskClient Client, DurableTaskWorker Worker, string Id)> StartAsync(string dataset, string policy, TimeProvider? time = null, string extraAudit = "")
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var service = new InMemoryOrchestrationService(timeProvider: time);
        var worker = new DurableTaskWorker(service, new DurableTaskRegistry().AddAugmentPipeline(blobs), timeProvider: time);
        await worker.StartAsync();
        var client = new DurableTaskClient(service);
        var spec = $$"""{ "target": "income", "sensitive": ["sex"], "rows": "balance", "audit": { "policy": "{{policy}}", "maxShareShift": 0{{extraAudit}} }, "realism": { "dropFraction": 0 } }""";
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(spec)));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(AdultHead(600))));
        var started = await new RunStarter(blobs, client).StartForBlobAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", "cli");
        return (blobs, client, worker, started.InstanceId);
    }

    private static async Task<int> PublishedAsync(IBlobStore blobs, string dataset) =>
        (await blobs.ListPageAsync(WorkArea.OutputContainer, dataset + "/")).Items.Count;

    private static async Task<RunProgress> WaitForStageAsync(DurableTaskClient client, string id, string stage)
    {
        using var deadline = new CancellationTokenSource(Limit);
        while (true)
        {
            var meta = await client.GetInstanceAsync(id, getInputsAndOutputs: true, deadline.Token);
            if (meta?.SerializedCustomStatus is { } json && JsonSerializer.Deserialize<RunProgress>(json, JsonSerializerOptions.Web) is { } progress && progress.Stage == stage)
            {
                return progress;
            }

            Assert.False(meta is not null && meta.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed, $"run ended ({meta?.RuntimeStatus}: {meta?.FailureDetails?.ErrorMessage}) before stage {stage}");
            await Task.Delay(100, deadline.Token);
        }
    }

    [Fact]
    public async Task FailPolicy_Finding_FailsWithOneLineReasonAndPublishesNothing()
    {
        var (blobs, client, worker, id) = await StartAsync("failing", "fail");
        await using var _ = worker;

        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Audit failed (policy 'fail'): sex = ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', meta.FailureDetails.ErrorMessage);
        Assert.Equal(0, await PublishedAsync(blobs, "failing"));
    }

    [Fact]
    public async Task AwaitApproval_Approve_WaitsThenPublishesWithTheDecision()
    {
        var (blobs, client, worker, id) = await StartAsync("approved", "await-approval");
        await using var _ = worker;

        var waiting = await WaitForStageAsync(client, id, AuditGate.AwaitingApprovalStage);
        Assert.Contains("Waiting for an 'Approve' or 'Reject' event until", waiting.Message, StringComparison.Ordinal);
        Assert.Contains("sex = ", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(0, await PublishedAsync(blobs, "approved"));

        await client.RaiseEventAsync(id, AuditGate.ApproveEvent, new ApprovalDecision("alice", "shares are fine for this use"));
        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        var prefix = $"approved/{id}/";
        await using var download = await blobs.OpenReadAsync(WorkArea.OutputContainer, prefix + "report.json");
        using var report = await JsonDocument.ParseAsync(download!.Content);
        var outcome = report.RootElement.GetProperty("auditOutcome");
        Assert.Equal("approved", outcome.GetProperty("decision").GetString());
        Assert.Equal("alice", outcome.GetProperty("reviewer").GetString());
        Assert.NotEqual(0, outcome.GetProperty("findings").GetArrayLength());
        Assert.NotNull(await blobs.GetPropertiesAsync(WorkArea.OutputContainer, prefix + "report.html"));
    }

    [Fact]
    public async Task AwaitApproval_Reject_FailsWithTheReviewerAndPublishesNothing()
    {
        var (blobs, client, worker, id) = await StartAsync("rejected", "await-approval");
        await using var _ = worker;

        await WaitForStageAsync(client, id, AuditGate.AwaitingApprovalStage);
        await client.RaiseEventAsync(id, AuditGate.RejectEvent, new ApprovalDecision("bob", "too many synthetic women\nsecond line"));
        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Audit rejected by bob: too many synthetic women (findings: ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, await PublishedAsync(blobs, "rejected"));
    }

    [Fact]
    public async Task AwaitApproval_NoDecisionBeforeTheTimeout_FailsWithTheTimeoutAndPublishesNothing()
    {
        // The engine's clock (the backend's and the worker's) is a manual one: the orchestration's current time stands
        // still, and its durable timer fires when the test moves the clock past the deadline.
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var (blobs, client, worker, id) = await StartAsync("unanswered", "await-approval", time, """, "approvalTimeoutHours": 2""");
        await using var _ = worker;

        var waiting = await WaitForStageAsync(client, id, AuditGate.AwaitingApprovalStage);
        Assert.Contains("(2 h)", waiting.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromMinutes(119));
        await Task.Delay(1500);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(id))!.RuntimeStatus);

        time.Advance(TimeSpan.FromMinutes(2));
        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Audit approval timed out after 2 h with no Approve or Reject event (findings: sex = ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, await PublishedAsync(blobs, "unanswered"));
    }
}
