namespace Augment.Pipeline.Quality;

/// <summary>The realism scorer the pipeline uses.</summary>
internal static class Realism
{
    /// <summary>Null until the detection classifier's per-row scores are wired in: the realism step reports itself off.</summary>
    public static RealnessScorer? Scorer => null;
}
