namespace Augment.Pipeline.Quality;

/// <summary>How closely each synthetic column follows the real one (SDMetrics column shapes; per class when there is a target).</summary>
/// <param name="ColumnShapes">Mean of the per-column scores, in [0, 1] (1 = identical distributions); null without synthetic rows.</param>
/// <param name="Columns">Per-column scores.</param>
public sealed record QualitySummary(double? ColumnShapes, IReadOnlyList<ColumnScore> Columns);

/// <summary>One column's similarity score.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Metric"><c>KSComplement</c> (numbers, datetimes) or <c>TVComplement</c> (categories).</param>
/// <param name="Score">In [0, 1].</param>
/// <param name="RealMissing">Share of missing values in the real training rows.</param>
/// <param name="SyntheticMissing">Share of missing values in the synthetic rows.</param>
public sealed record ColumnScore(string Column, string Metric, double Score, double RealMissing, double SyntheticMissing);

/// <summary>Group shares of each sensitive attribute, and class counts before and after.</summary>
public sealed record AuditSummary(
    IReadOnlyList<AttributeAudit> Attributes,
    IReadOnlyList<KeyValuePair<string, int>>? ClassCountsBefore,
    IReadOnlyList<KeyValuePair<string, int>>? ClassCountsAfter);

/// <summary>Shares of one sensitive attribute's groups; numeric attributes are cut at the real data's quartiles.</summary>
/// <param name="Attribute">Column name.</param>
/// <param name="Groups">One row per group.</param>
/// <param name="MaxShareShift">Largest absolute change of a group's share from real to augmented.</param>
public sealed record AttributeAudit(string Attribute, IReadOnlyList<GroupShare> Groups, double MaxShareShift);

/// <summary>One group's share of the rows.</summary>
public sealed record GroupShare(string Group, double Real, double Synthetic, double Augmented);
