using System.Globalization;
using Microsoft.DurableTask;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Orchestrations;

/// <summary>
/// Applies the spec's audit policy to the findings, inside the orchestration (deterministic: no clock but the
/// context's). <c>warn</c>: the run goes on. <c>fail</c>: the run fails before Merge, so nothing is published.
/// <c>await-approval</c>: the run waits for an <see cref="ApproveEvent"/> or <see cref="RejectEvent"/> external event
/// (payload <see cref="ApprovalDecision"/>) until the spec's timeout; Reject or timeout fails the run.
/// </summary>
public static class AuditGate
{
    /// <summary>The external event that lets a waiting run publish.</summary>
    public const string ApproveEvent = "Approve";

    /// <summary>The external event that fails a waiting run.</summary>
    public const string RejectEvent = "Reject";

    /// <summary>The custom-status stage of a run waiting for approval.</summary>
    public const string AwaitingApprovalStage = "AwaitingApproval";

    /// <summary>Decides what the findings do to the run.</summary>
    /// <exception cref="AugmentationFailedException">The policy fails the run (one-line reason).</exception>
    public static Task<AuditOutcome> DecideAsync(TaskOrchestrationContext context, QualityPolicy policy, IReadOnlyList<AuditFinding> findings, int shards)
    {
        if (findings.Count == 0)
        {
            return Task.FromResult(new AuditOutcome(policy.AuditPolicy, findings, "passed", null, null));
        }

        return policy.AuditPolicy switch
        {
            QualityPolicy.Fail => throw new AugmentationFailedException($"Audit failed (policy 'fail'): {Summary(findings)}"),
            QualityPolicy.AwaitApproval => AwaitApprovalAsync(context, policy, findings, shards),
            _ => Task.FromResult(new AuditOutcome(policy.AuditPolicy, findings, "warned", null, null)),
        };
    }

    /// <summary>The first finding and how many more, in one line.</summary>
    public static string Summary(IReadOnlyList<AuditFinding> findings) =>
        findings.Count == 1 ? findings[0].Message : $"{findings[0].Message} (and {findings.Count - 1} more finding(s))";

    private static async Task<AuditOutcome> AwaitApprovalAsync(TaskOrchestrationContext context, QualityPolicy policy, IReadOnlyList<AuditFinding> findings, int shards)
    {
        var deadline = context.CurrentUtcDateTime.AddHours(policy.ApprovalTimeoutHours);
        var hours = policy.ApprovalTimeoutHours.ToString("0.##", CultureInfo.InvariantCulture);
        context.SetCustomStatus(new RunProgress(AwaitingApprovalStage, shards, shards,
            $"Waiting for an '{ApproveEvent}' or '{RejectEvent}' event until {deadline.ToString("u", CultureInfo.InvariantCulture)} ({hours} h) because the audit found {findings.Count} issue(s): {Summary(findings)}"));

        using var cancel = new CancellationTokenSource();
        var approve = context.WaitForExternalEvent<ApprovalDecision?>(ApproveEvent, cancel.Token);
        var reject = context.WaitForExternalEvent<ApprovalDecision?>(RejectEvent, cancel.Token);
        var timer = context.CreateTimer(deadline, cancel.Token);
        var first = await Task.WhenAny(approve, reject, timer);
        cancel.Cancel(); // synchronously, on the orchestration thread: the losing waits and the timer are dropped

        if (first == approve)
        {
            var decision = await approve;
            return new AuditOutcome(policy.AuditPolicy, findings, "approved", decision?.By, decision?.Comment);
        }

        if (first == reject)
        {
            var decision = await reject;
            var by = decision?.By is { } who ? $" by {who}" : "";
            var why = decision?.Comment is { } comment ? $": {OneLine(comment)}" : "";
            throw new AugmentationFailedException($"Audit rejected{by}{why} (findings: {Summary(findings)})");
        }

        throw new AugmentationFailedException($"Audit approval timed out after {hours} h with no Approve or Reject event (findings: {Summary(findings)})");
    }

    private static string OneLine(string text)
    {
        var cut = text.IndexOfAny(['\r', '\n']);
        return cut < 0 ? text : text[..cut];
    }
}
