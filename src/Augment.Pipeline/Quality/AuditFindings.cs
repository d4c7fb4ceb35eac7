using System.Globalization;
using Augment.Pipeline.Reports;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Quality;

/// <summary>One thing the audit found that the spec's policy acts on.</summary>
/// <param name="Check"><c>group-share</c>, <c>parity</c>, <c>privacy</c> or <c>utility</c> (table runs);
/// <c>accuracy-gap</c> (image runs: <see cref="Images.ImageBias.Findings"/>).</param>
/// <param name="Message">One sentence with the numbers.</param>
public sealed record AuditFinding(string Check, string Message);

/// <summary>Turns audit numbers into findings, with the thresholds of the spec.</summary>
public static class AuditFindings
{
    /// <summary>Share of synthetic rows closer to train than to holdout above which privacy is a finding (ideal 0.5).</summary>
    public const double MaxShareCloserToTrain = 0.6;

    /// <summary>Findings from the group-share audit, the bias audit (parity and impact ratio), the privacy metrics and the utility verdict.</summary>
    public static List<AuditFinding> Find(AuditSummary audit, RunEvaluation? evaluation, QualityPolicy policy)
    {
        var privacy = evaluation?.Privacy;
        var findings = new List<AuditFinding>();
        foreach (var attribute in audit.Attributes)
        {
            foreach (var group in attribute.Groups)
            {
                var shift = group.Augmented - group.Real;
                if (Math.Abs(shift) > policy.MaxShareShift)
                {
                    findings.Add(new AuditFinding("group-share", string.Create(CultureInfo.InvariantCulture,
                        $"{attribute.Attribute} = {group.Group}: share moved from {group.Real:P1} (real) to {group.Augmented:P1} (augmented), more than the {policy.MaxShareShift:P1} allowed")));
                }
            }
        }

        foreach (var attribute in evaluation?.Bias?.Attributes ?? [])
        {
            var growth = attribute.AugmentedParityDifference - attribute.RealParityDifference;
            if (growth > policy.MaxParityIncrease)
            {
                findings.Add(new AuditFinding("parity", string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Attribute}: demographic parity difference grew from {attribute.RealParityDifference:0.###} (real) to {attribute.AugmentedParityDifference:0.###} (augmented), more than the {policy.MaxParityIncrease:0.###} allowed")));
            }

            var fall = attribute.RealImpactRatio - attribute.AugmentedImpactRatio;
            if (fall > policy.MaxParityIncrease)
            {
                findings.Add(new AuditFinding("parity", string.Create(CultureInfo.InvariantCulture,
                    $"{attribute.Attribute}: disparate-impact ratio fell from {attribute.RealImpactRatio:0.###} (real) to {attribute.AugmentedImpactRatio:0.###} (augmented), more than the {policy.MaxParityIncrease:0.###} allowed")));
            }
        }

        if (evaluation?.Utility?.Verdicts is { Count: > 0 } verdicts && verdicts[0].Verdict == "hurt")
        {
            var v = verdicts[0];
            findings.Add(new AuditFinding("utility", string.Create(CultureInfo.InvariantCulture,
                $"augmentation hurt: {v.Metric} of {v.Arm} minus {v.Baseline} = {v.Difference:0.####} (95% CI {v.Lower:0.####} to {v.Upper:0.####})")));
        }

        if (privacy is not null && privacy.ShareCloserToTrain > MaxShareCloserToTrain)
        {
            findings.Add(new AuditFinding("privacy", string.Create(CultureInfo.InvariantCulture,
                $"{privacy.ShareCloserToTrain:P1} of synthetic rows are closer to a training row than to a holdout row (ideal 50%, limit {MaxShareCloserToTrain:P0}): the model may memorise")));
        }

        return findings;
    }
}
