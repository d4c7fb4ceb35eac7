namespace Augment.Pipeline.Spec;

/// <summary>The quality part of the resolved spec.</summary>
public sealed partial record ResolvedSpec
{
    /// <summary>Filters, audit policy and evaluation settings used.</summary>
    public QualityPolicy Quality { get; init; } = QualityPolicy.Default;
}
