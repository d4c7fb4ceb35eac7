namespace Augment.Evaluation;

/// <summary>
/// Distance-to-closest-record privacy metrics. Distances are L1 over numbers scaled by the training range and
/// one-hot categories (a differing category adds 2); see docs/metrics.md.
/// </summary>
/// <param name="ShareCloserToTrain">Share of synthetic rows closer to a train row than to any holdout row, with a train
/// sample of the holdout's size (ties count one half). Ideal 0.5; near 1 = memorised training rows.</param>
/// <param name="HoldoutP2">The 2nd percentile of holdout-to-train DCRs (the privacy threshold).</param>
/// <param name="ShareBelowHoldoutP2">Share of synthetic rows whose DCR to train is below <see cref="HoldoutP2"/> (ideal ≈ 0.02).</param>
/// <param name="ExactCopyShare">Share of synthetic rows identical (every cell) to a training row.</param>
/// <param name="HoldoutExactCopyShare">The same share for holdout rows: how often real data repeats by itself.</param>
/// <param name="MedianDcr">Median synthetic DCR to train.</param>
/// <param name="MedianHoldoutDcr">Median holdout DCR to train (the reference level).</param>
/// <param name="MeanNndr">Mean nearest-neighbour distance ratio d1/d2 of synthetic rows to train (0/0 = 1); low = close to one record.</param>
/// <param name="HoldoutMeanNndr">The same for holdout rows.</param>
/// <param name="SyntheticDcr">Per synthetic row (input order), its DCR to the full train table.</param>
/// <param name="HoldoutDcr">Per holdout row, its DCR to the full train table.</param>
public sealed record PrivacyReport(
    double ShareCloserToTrain,
    double HoldoutP2,
    double ShareBelowHoldoutP2,
    double ExactCopyShare,
    double HoldoutExactCopyShare,
    double MedianDcr,
    double MedianHoldoutDcr,
    double MeanNndr,
    double HoldoutMeanNndr,
    IReadOnlyList<double> SyntheticDcr,
    IReadOnlyList<double> HoldoutDcr);
