using System.Text.Json;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;
using Augment.Pipeline.Tests.EndToEnd;
using Microsoft.DurableTask.Client;
using static Augment.Pipeline.Tests.Orchestrations.ScriptedPipeline;

namespace Augment.Pipeline.Tests.Orchestrations;

/// <summary>The audit policies: the gate alone on a fake context (warn, fail, await-approval with Approve, Reject and
/// the timeout on a manual clock), and the whole run on the real Durable Task engine for fail, Approve and Reject.</summary>
public sealed class AuditGateTests
{
    private static readonly AuditFinding[] Findings = [ShareFinding, ParityFinding];

    private static QualityPolicy Policy(string policy, double hours = 24) =>
        QualityPolicy.Default with { AuditPolicy = policy, ApprovalTimeoutHours = hours };

    private static Task<AuditOutcome> Gate(FakeOrchestrationContext context, string policy, IReadOnlyList<AuditFinding> findings, double hours = 24) =>
        context.Run(async c => await AuditGate.DecideAsync(c, Policy(policy, hours), findings, 4));

    [Theory]
    [InlineData(QualityPolicy.Warn)]
    [InlineData(QualityPolicy.Fail)]
    [InlineData(QualityPolicy.AwaitApproval)]
    public void DecideAsync_NoFindings_PassesUnderEveryPolicy(string policy)
    {
        var context = new FakeOrchestrationContext();

        var outcome = Gate(context, policy, []);

        Assert.True(outcome.IsCompletedSuccessfully);
        Assert.Equal(new AuditOutcome(policy, outcome.Result.Findings, "passed", null, null), outcome.Result);
        Assert.Empty(context.CustomStatuses);
        Assert.Empty(context.TimersCreated);
    }

    [Fact]
    public void DecideAsync_WarnWithFindings_GoesOnAndKeepsTheFindings()
    {
        var outcome = Gate(new FakeOrchestrationContext(), QualityPolicy.Warn, Findings).Result;

        Assert.Equal("warned", outcome.Decision);
        Assert.Equal(Findings, outcome.Findings);
    }

    [Fact]
    public void DecideAsync_FailWithFindings_FailsWithTheFirstFindingAndTheCount()
    {
        var reason = FailureOf(Gate(new FakeOrchestrationContext(), QualityPolicy.Fail, Findings));

        Assert.Equal($"Audit failed (policy 'fail'): {ShareFinding.Message} (and 1 more finding(s))", reason);
    }

    [Fact]
    public void DecideAsync_AwaitApproval_WaitsWithTheDeadlineInItsStatus()
    {
        var context = new FakeOrchestrationContext(start: new DateTime(2025, 11, 21, 12, 0, 0, DateTimeKind.Utc));

        var outcome = Gate(context, QualityPolicy.AwaitApproval, [ShareFinding], hours: 2);

        Assert.False(outcome.IsCompleted);
        var status = Assert.IsType<RunProgress>(context.CustomStatus);
        Assert.Equal(new RunProgress(AuditGate.AwaitingApprovalStage, 4, 4,
            $"Waiting for an 'Approve' or 'Reject' event until 2025-11-21 14:00:00Z (2 h) because the audit found 1 issue(s): {ShareFinding.Message}"), status);
        Assert.Equal([new DateTime(2025, 11, 21, 14, 0, 0, DateTimeKind.Utc)], context.PendingTimers);
    }

    [Fact]
    public void DecideAsync_AwaitApprovalThenApprove_IsApprovedByTheReviewerAndDropsTheTimer()
    {
        var context = new FakeOrchestrationContext();
        var outcome = Gate(context, QualityPolicy.AwaitApproval, Findings);

        context.Advance(TimeSpan.FromHours(3));
        context.RaiseEvent(AuditGate.ApproveEvent, new ApprovalDecision("alice", "shares are fine for this use"));

        Assert.True(outcome.IsCompletedSuccessfully, outcome.Exception?.ToString());
        Assert.Equal(("approved", "alice", "shares are fine for this use"), (outcome.Result.Decision, outcome.Result.Reviewer, outcome.Result.Comment));
        Assert.Equal(Findings, outcome.Result.Findings);
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void DecideAsync_ApproveWithoutPayload_IsApprovedWithNoReviewer()
    {
        var context = new FakeOrchestrationContext();
        var outcome = Gate(context, QualityPolicy.AwaitApproval, Findings);

        context.RaiseEvent(AuditGate.ApproveEvent, null);

        Assert.Equal(new AuditOutcome(QualityPolicy.AwaitApproval, outcome.Result.Findings, "approved", null, null), outcome.Result);
    }

    [Fact]
    public void DecideAsync_ApproveRaisedBeforeTheGateWaits_IsTakenFromTheBuffer()
    {
        var context = new FakeOrchestrationContext();
        context.RaiseEvent(AuditGate.ApproveEvent, new ApprovalDecision("carol", null));

        var outcome = Gate(context, QualityPolicy.AwaitApproval, Findings);

        Assert.True(outcome.IsCompletedSuccessfully);
        Assert.Equal("carol", outcome.Result.Reviewer);
    }

    [Fact]
    public void DecideAsync_AwaitApprovalThenReject_FailsWithTheReviewerAndTheFirstLineOfTheComment()
    {
        var context = new FakeOrchestrationContext();
        var outcome = Gate(context, QualityPolicy.AwaitApproval, Findings);

        context.RaiseEvent(AuditGate.RejectEvent, new ApprovalDecision("bob", "too many synthetic women\nsecond line"));

        Assert.Equal($"Audit rejected by bob: too many synthetic women (findings: {ShareFinding.Message} (and 1 more finding(s)))", FailureOf(outcome));
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void DecideAsync_RejectWithoutPayload_FailsWithTheFindingsOnly()
    {
        var context = new FakeOrchestrationContext();
        var outcome = Gate(context, QualityPolicy.AwaitApproval, [ShareFinding]);

        context.RaiseEvent(AuditGate.RejectEvent, null);

        Assert.Equal($"Audit rejected (findings: {ShareFinding.Message})", FailureOf(outcome));
    }

    [Fact]
    public void DecideAsync_NoDecisionBeforeTheTimeout_FailsWithTheTimeoutAtTheDeadline()
    {
        var context = new FakeOrchestrationContext();
        var outcome = Gate(context, QualityPolicy.AwaitApproval, [ShareFinding], hours: 2);

        context.Advance(TimeSpan.FromMinutes(119));
        Assert.False(outcome.IsCompleted);

        context.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal($"Audit approval timed out after 2 h with no Approve or Reject event (findings: {ShareFinding.Message})", FailureOf(outcome));

        // A decision after the timeout changes nothing.
        context.RaiseEvent(AuditGate.ApproveEvent, new ApprovalDecision("late", null));
        Assert.True(outcome.IsFaulted);
    }

    [Fact]
    public void DecideAsync_FractionalTimeout_IsStatedInHours()
    {
        var context = new FakeOrchestrationContext();
        var outcome = Gate(context, QualityPolicy.AwaitApproval, [ShareFinding], hours: 0.5);

        context.Advance(TimeSpan.FromMinutes(30));

        Assert.StartsWith("Audit approval timed out after 0.5 h ", FailureOf(outcome), StringComparison.Ordinal);
    }

    // ---- The whole run on the real engine (a 600-row Adult head; a zero share-shift tolerance makes balancing a finding). ----

    private static string AuditSpec(string policy) =>
        $$"""{ "target": "income", "sensitive": ["sex"], "rows": "balance", "model": "gaussian-copula", "seed": 5, "audit": { "policy": "{{policy}}", "maxShareShift": 0 }, "realism": { "dropFraction": 0 } }""";

    [Fact]
    public async Task Run_FailPolicyWithAFinding_FailsWithOneLineReasonAndPublishesNothing()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("failing", PipelineHost.AdultHead(600), AuditSpec("fail"));

        var meta = await host.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Audit failed (policy 'fail'): sex = ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', meta.FailureDetails.ErrorMessage);
        Assert.Empty(await host.PublishedAsync("failing"));
    }

    [Fact]
    public async Task Run_AwaitApprovalThenApprove_WaitsThenPublishesWithTheDecision()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("approved", PipelineHost.AdultHead(600), AuditSpec("await-approval"));

        var waiting = await host.WaitForStageAsync(id, AuditGate.AwaitingApprovalStage);
        Assert.Contains("Waiting for an 'Approve' or 'Reject' event until", waiting.Message, StringComparison.Ordinal);
        Assert.Contains("(24 h)", waiting.Message, StringComparison.Ordinal);
        Assert.Contains("sex = ", waiting.Message, StringComparison.Ordinal);
        Assert.Empty(await host.PublishedAsync("approved"));

        await host.Client.RaiseEventAsync(id, AuditGate.ApproveEvent, new ApprovalDecision("alice", "shares are fine for this use"));
        var meta = await host.WaitForEndAsync(id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        var prefix = WorkArea.OutputPrefix("approved", id);
        await using var download = await host.Blobs.OpenReadAsync(WorkArea.OutputContainer, prefix + "report.json");
        using var report = await JsonDocument.ParseAsync(download!.Content);
        var outcome = report.RootElement.GetProperty("auditOutcome");
        Assert.Equal("approved", outcome.GetProperty("decision").GetString());
        Assert.Equal("alice", outcome.GetProperty("reviewer").GetString());
        Assert.NotEqual(0, outcome.GetProperty("findings").GetArrayLength());
        Assert.NotNull(await host.Blobs.GetPropertiesAsync(WorkArea.OutputContainer, prefix + "report.html"));
    }

    [Fact]
    public async Task Run_AwaitApprovalThenReject_FailsWithTheReviewerAndPublishesNothing()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("rejected", PipelineHost.AdultHead(600), AuditSpec("await-approval"));

        await host.WaitForStageAsync(id, AuditGate.AwaitingApprovalStage);
        await host.Client.RaiseEventAsync(id, AuditGate.RejectEvent, new ApprovalDecision("bob", "too many synthetic women\nsecond line"));
        var meta = await host.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Audit rejected by bob: too many synthetic women (findings: ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await host.PublishedAsync("rejected"));
    }
}
