namespace Augment.Pipeline.Spec;

/// <summary>The quality, privacy and audit fields of <c>augment.json</c> (all optional; defaults in <see cref="QualityPolicy"/>).</summary>
public sealed partial record AugmentSpec
{
    /// <summary>Row constraints every synthetic row must meet, e.g. <c>"age &gt;= 17"</c>,
    /// <c>"capital_loss &lt;= capital_gain"</c>, <c>"fixed(education, education_num)"</c>,
    /// <c>"if relationship == 'Husband' then sex == 'Male'"</c> (grammar in docs/constraints.md).</summary>
    public IReadOnlyList<string>? Constraints { get; init; }

    /// <summary>The privacy filter.</summary>
    public PrivacySpec? Privacy { get; init; }

    /// <summary>The realism filter.</summary>
    public RealismSpec? Realism { get; init; }

    /// <summary>What an audit finding does to the run.</summary>
    public AuditSpec? Audit { get; init; }

    /// <summary>How the end-of-run metrics are computed.</summary>
    public EvaluationSpec? Evaluation { get; init; }
}

/// <summary>The privacy filter: drop synthetic rows closer to a real training row than a distance.</summary>
public sealed record PrivacySpec
{
    /// <summary>Distance to the closest real record (DCR) below which a synthetic row is dropped; 0 turns the filter
    /// off; not given = the 2nd percentile of the holdout rows' DCR to the training rows.</summary>
    public double? DcrThreshold { get; init; }
}

/// <summary>The realism filter: drop the synthetic rows a real-vs-synthetic classifier finds least real.</summary>
public sealed record RealismSpec
{
    /// <summary>Share of synthetic rows dropped (0 to 0.5; 0 turns the filter off).</summary>
    public double? DropFraction { get; init; }
}

/// <summary>The audit policy.</summary>
public sealed record AuditSpec
{
    /// <summary><c>warn</c>, <c>fail</c> or <c>await-approval</c>.</summary>
    public string? Policy { get; init; }

    /// <summary>How long <c>await-approval</c> waits for an Approve or Reject event, in hours.</summary>
    public double? ApprovalTimeoutHours { get; init; }

    /// <summary>A group's share may move this much (absolute) from real to augmented before it is a finding.</summary>
    public double? MaxShareShift { get; init; }

    /// <summary>The demographic parity difference may grow this much from real to augmented before it is a finding.</summary>
    public double? MaxParityIncrease { get; init; }
}

/// <summary>The end-of-run evaluation.</summary>
public sealed record EvaluationSpec
{
    /// <summary>Most real training rows (and as many synthetic rows) the utility and detection models are fitted on;
    /// larger sets are sampled with the run's seed.</summary>
    public int? MaxRows { get; init; }
}
