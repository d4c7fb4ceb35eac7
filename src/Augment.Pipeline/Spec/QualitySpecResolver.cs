using System.Globalization;
using Augment.Data;
using Augment.Pipeline.Quality.Constraints;

namespace Augment.Pipeline.Spec;

/// <summary>Applies defaults to the quality fields of <c>augment.json</c> and validates them (one-line errors).</summary>
public static class QualitySpecResolver
{
    /// <summary>Most constraints one spec may hold.</summary>
    public const int MaxConstraints = 200;

    /// <summary>Resolves the quality fields of <paramref name="spec"/>; adds a sentence to <paramref name="defaults"/>
    /// for every setting that was not given.</summary>
    /// <exception cref="SpecException">A value is out of range or a constraint is invalid.</exception>
    public static QualityPolicy Resolve(AugmentSpec spec, DatasetSchema schema, ICollection<string> defaults)
    {
        var constraints = spec.Constraints ?? [];
        if (constraints.Count > MaxConstraints)
        {
            throw new SpecException($"augment.json has {constraints.Count} constraints; at most {MaxConstraints} are allowed.");
        }

        _ = ConstraintSet.Parse(constraints, schema);

        var dcr = spec.Privacy?.DcrThreshold;
        if (dcr is null)
        {
            defaults.Add("privacy.dcrThreshold: not given; dropped synthetic rows closer to a real row than the holdout's 2nd percentile distance.");
        }
        else if (!double.IsFinite(dcr.Value) || dcr < 0)
        {
            throw new SpecException($"augment.json privacy.dcrThreshold {Format(dcr.Value)} must be a distance of 0 or more (0 turns the privacy filter off).");
        }

        var drop = spec.Realism?.DropFraction;
        if (drop is null)
        {
            defaults.Add($"realism.dropFraction: not given; dropped the {Format(QualityPolicy.DefaultRealismDropFraction * 100)}% of synthetic rows that look least real.");
        }
        else if (!double.IsFinite(drop.Value) || drop is < 0 or > 0.5)
        {
            throw new SpecException($"augment.json realism.dropFraction {Format(drop.Value)} is out of range (0 to 0.5).");
        }

        var audit = spec.Audit;
        var policy = audit?.Policy?.Trim().ToLowerInvariant();
        if (policy is null)
        {
            policy = QualityPolicy.Warn;
            defaults.Add("audit.policy: not given; audit findings are reported as warnings.");
        }
        else if (!QualityPolicy.Policies.Contains(policy))
        {
            throw new SpecException($"augment.json audit.policy '{audit!.Policy}' is unknown (use {string.Join(", ", QualityPolicy.Policies)}).");
        }

        var timeout = Range(audit?.ApprovalTimeoutHours, QualityPolicy.DefaultApprovalTimeoutHours, 1.0 / 60, 24 * 30, "audit.approvalTimeoutHours",
            policy == QualityPolicy.AwaitApproval ? defaults : null, "hours before an unanswered approval request fails the run");
        var shift = Range(audit?.MaxShareShift, QualityPolicy.DefaultMaxShareShift, 0, 1, "audit.maxShareShift", defaults, "as the largest tolerated change of a group's share");
        var parity = Range(audit?.MaxParityIncrease, QualityPolicy.DefaultMaxParityIncrease, 0, 1, "audit.maxParityIncrease", defaults, "as the largest tolerated growth of a demographic parity difference");

        var maxRows = spec.Evaluation?.MaxRows;
        if (maxRows is null)
        {
            maxRows = QualityPolicy.DefaultEvaluationMaxRows;
            defaults.Add($"evaluation.maxRows: not given; utility and detection models fitted on at most {QualityPolicy.DefaultEvaluationMaxRows} training rows (sampled with the seed).");
        }
        else if (maxRows is < 100 or > 1_000_000)
        {
            throw new SpecException($"augment.json evaluation.maxRows {maxRows} is out of range (100 to 1000000).");
        }

        return new QualityPolicy([.. constraints], dcr, drop ?? QualityPolicy.DefaultRealismDropFraction, policy, timeout, shift, parity, maxRows.Value);
    }

    private static double Range(double? value, double fallback, double min, double max, string name, ICollection<string>? defaults, string meaning)
    {
        if (value is null)
        {
            defaults?.Add($"{name}: not given; used {Format(fallback)} {meaning}.");
            return fallback;
        }

        if (!double.IsFinite(value.Value) || value < min || value > max)
        {
            throw new SpecException($"augment.json {name} {Format(value.Value)} is out of range ({Format(min)} to {Format(max)}).");
        }

        return value.Value;
    }

    private static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
