namespace Augment.Evaluation;

/// <summary>One group of a sensitive attribute.</summary>
/// <param name="Group">The group's value (numeric attributes: a quartile range of the real values).</param>
/// <param name="RealShare">Share of real rows in the group.</param>
/// <param name="SyntheticShare">Share of synthetic rows in the group.</param>
/// <param name="AugmentedShare">Share of augmented (real + synthetic) rows in the group.</param>
/// <param name="RealBaseRate">Share of the group's real rows with the positive class (NaN without a target or rows).</param>
/// <param name="SyntheticBaseRate">The same for synthetic rows.</param>
/// <param name="AugmentedBaseRate">The same for augmented rows.</param>
/// <param name="RealRows">Real rows in the group.</param>
/// <param name="SyntheticRows">Synthetic rows in the group.</param>
public sealed record GroupBias(string Group, double RealShare, double SyntheticShare, double AugmentedShare, double RealBaseRate, double SyntheticBaseRate, double AugmentedBaseRate, int RealRows, int SyntheticRows);

/// <summary>The audit of one sensitive attribute.</summary>
/// <param name="Attribute">The column.</param>
/// <param name="Groups">One entry per group, most frequent real group first.</param>
/// <param name="RealParityDifference">Demographic parity difference in the real rows: max − min group base rate.</param>
/// <param name="AugmentedParityDifference">The same in the augmented rows.</param>
/// <param name="RealImpactRatio">Disparate-impact ratio in the real rows: min / max group base rate (1 = parity).</param>
/// <param name="AugmentedImpactRatio">The same in the augmented rows.</param>
/// <param name="MaxShareShift">Largest |augmented share − real share| over the groups.</param>
/// <param name="Amplified">The parity difference grew, or the impact ratio fell, by more than the threshold.</param>
/// <param name="Flags">One plain sentence per threshold crossed (share shifts included).</param>
public sealed record AttributeBias(string Attribute, IReadOnlyList<GroupBias> Groups, double RealParityDifference, double AugmentedParityDifference, double RealImpactRatio, double AugmentedImpactRatio, double MaxShareShift, bool Amplified, IReadOnlyList<string> Flags);

/// <summary>Rows per class before and after augmentation.</summary>
/// <param name="Class">The class.</param>
/// <param name="Real">Real rows.</param>
/// <param name="Synthetic">Synthetic rows.</param>
/// <param name="Augmented">Real + synthetic rows.</param>
public sealed record ClassCount(string Class, int Real, int Synthetic, int Augmented);

/// <summary>The bias audit.</summary>
/// <param name="Target">The class column, if any.</param>
/// <param name="PositiveClass">The class whose rate is compared across groups (default: the least frequent real class).</param>
/// <param name="Threshold">The amplification threshold.</param>
/// <param name="Attributes">One audit per sensitive attribute.</param>
/// <param name="Classes">Class counts (empty without a target).</param>
/// <param name="Amplified">Any attribute amplified.</param>
public sealed record BiasReport(string? Target, string? PositiveClass, double Threshold, IReadOnlyList<AttributeBias> Attributes, IReadOnlyList<ClassCount> Classes, bool Amplified);
