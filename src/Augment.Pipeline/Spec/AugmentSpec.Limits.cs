namespace Augment.Pipeline.Spec;

/// <summary>The input limits of <c>augment.json</c>.</summary>
public sealed partial record AugmentSpec
{
    /// <summary>Limits on the uploaded CSV (size, rows, columns, cell length); see <see cref="InputLimits"/>.</summary>
    public LimitsSpec? Limits { get; init; }
}
