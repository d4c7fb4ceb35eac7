namespace Augment.Pipeline.Quality;

/// <summary>One filter step: how many rows reached it and how many it dropped.</summary>
/// <param name="Step"><c>validity</c>, <c>constraints</c>, <c>duplicates</c>, <c>copies-of-real</c>, <c>privacy</c> or <c>realism</c>.</param>
/// <param name="Before">Rows that reached the step.</param>
/// <param name="Dropped">Rows the step dropped.</param>
/// <param name="Rule">The rule in words, with the numbers it used (e.g. the DCR threshold).</param>
/// <param name="Examples">Up to five dropped rows and why, for every step that dropped any (privacy: the closest rows;
/// realism: the least real; copies of real rows name the sampled row only).</param>
public sealed record FilterStep(string Step, int Before, int Dropped, string Rule, IReadOnlyList<string> Examples);

/// <summary>How often a user constraint failed: on the synthetic rows (before filtering) and on the real training rows.</summary>
/// <param name="Constraint">The constraint as written.</param>
/// <param name="SyntheticViolations">Sampled rows that broke it.</param>
/// <param name="RealViolations">Real training rows that break it (non-zero means the constraint does not describe the real data).</param>
public sealed record ConstraintCount(string Constraint, int SyntheticViolations, int RealViolations);

/// <summary>What the filter did, step by step.</summary>
/// <param name="Sampled">Rows sampled by the generator.</param>
/// <param name="Kept">Rows left after every step.</param>
/// <param name="Steps">The steps in the order they ran.</param>
/// <param name="Constraints">Per user constraint, its violation counts.</param>
/// <param name="DcrThreshold">The privacy threshold used (null when the filter was off or there was nothing to filter).</param>
/// <param name="DcrThresholdSource"><c>spec</c>, <c>holdout-p2</c> or <c>off</c>.</param>
public sealed record FilterReport(
    int Sampled,
    int Kept,
    IReadOnlyList<FilterStep> Steps,
    IReadOnlyList<ConstraintCount> Constraints,
    double? DcrThreshold,
    string DcrThresholdSource);

/// <summary>Filter step names, as they appear in the report.</summary>
public static class FilterSteps
{
    /// <summary>Cells that break the real data's schema.</summary>
    public const string Validity = "validity";

    /// <summary>Rows that break a user constraint.</summary>
    public const string Constraints = "constraints";

    /// <summary>Repeats of an earlier synthetic row.</summary>
    public const string Duplicates = "duplicates";

    /// <summary>Exact copies of a real row.</summary>
    public const string CopiesOfReal = "copies-of-real";

    /// <summary>Rows closer to a real training row than the DCR threshold.</summary>
    public const string Privacy = "privacy";

    /// <summary>The least real-looking rows by the detection classifier.</summary>
    public const string Realism = "realism";
}
