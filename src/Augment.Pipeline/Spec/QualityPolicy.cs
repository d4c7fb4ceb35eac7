namespace Augment.Pipeline.Spec;

/// <summary>The filter, audit and evaluation settings a run used (after defaults; see <see cref="QualitySpecResolver"/>).</summary>
/// <param name="Constraints">Row constraints, validated against the columns.</param>
/// <param name="DcrThreshold">Drop synthetic rows with a DCR below this; null = the holdout's 2nd percentile; 0 = off.</param>
/// <param name="RealismDropFraction">Share of the least real-looking synthetic rows dropped (0 = off).</param>
/// <param name="AuditPolicy"><see cref="Warn"/>, <see cref="Fail"/> or <see cref="AwaitApproval"/>.</param>
/// <param name="ApprovalTimeoutHours">How long an <see cref="AwaitApproval"/> run waits before it fails.</param>
/// <param name="MaxShareShift">Largest tolerated change of a sensitive group's share, real to augmented.</param>
/// <param name="MaxParityIncrease">Largest tolerated growth of the demographic parity difference, real to augmented.</param>
/// <param name="EvaluationMaxRows">Most training rows the utility and detection models are fitted on.</param>
public sealed record QualityPolicy(
    IReadOnlyList<string> Constraints,
    double? DcrThreshold,
    double RealismDropFraction,
    string AuditPolicy,
    double ApprovalTimeoutHours,
    double MaxShareShift,
    double MaxParityIncrease,
    int EvaluationMaxRows)
{
    /// <summary>Findings are reported; the run completes.</summary>
    public const string Warn = "warn";

    /// <summary>Any finding fails the run before anything is published.</summary>
    public const string Fail = "fail";

    /// <summary>Any finding makes the run wait for an <c>Approve</c> or <c>Reject</c> event.</summary>
    public const string AwaitApproval = "await-approval";

    /// <summary>Default share of synthetic rows the realism filter drops.</summary>
    public const double DefaultRealismDropFraction = 0.05;

    /// <summary>Default approval wait, in hours.</summary>
    public const double DefaultApprovalTimeoutHours = 24;

    /// <summary>Default tolerated group-share change.</summary>
    public const double DefaultMaxShareShift = 0.05;

    /// <summary>Default tolerated parity-difference growth.</summary>
    public const double DefaultMaxParityIncrease = 0.05;

    /// <summary>Default cap on rows for the evaluation models.</summary>
    public const int DefaultEvaluationMaxRows = 10_000;

    /// <summary>The policy when augment.json says nothing about quality.</summary>
    public static QualityPolicy Default { get; } = new([], null, DefaultRealismDropFraction, Warn, DefaultApprovalTimeoutHours,
        DefaultMaxShareShift, DefaultMaxParityIncrease, DefaultEvaluationMaxRows);

    /// <summary>The policies augment.json may name.</summary>
    public static IReadOnlyList<string> Policies { get; } = [Warn, Fail, AwaitApproval];
}
