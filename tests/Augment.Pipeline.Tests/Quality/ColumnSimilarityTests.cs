using Augment.Pipeline.Quality;

namespace Augment.Pipeline.Tests.Quality;

public class ColumnSimilarityTests
{
    [Fact]
    public void KolmogorovSmirnov_IdenticalSamples_IsZero()
    {
        Assert.Equal(0, ColumnSimilarity.KolmogorovSmirnov([1, 2, 3, 4], [4, 3, 2, 1]));
    }

    [Fact]
    public void KolmogorovSmirnov_DisjointSamples_IsOne()
    {
        Assert.Equal(1, ColumnSimilarity.KolmogorovSmirnov([1, 2, 3], [10, 11]));
    }

    [Fact]
    public void KolmogorovSmirnov_HalfShifted_IsLargestCdfGap()
    {
        // CDFs: a jumps at 1,2,3,4 by 1/4; b at 3,4,5,6. Largest gap 0.5 at x = 2.
        Assert.Equal(0.5, ColumnSimilarity.KolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6]), 12);
    }

    [Fact]
    public void KolmogorovSmirnov_IsSymmetric()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 150).Select(_ => random.NextDouble() * 1.3).ToArray();

        Assert.Equal(ColumnSimilarity.KolmogorovSmirnov([.. a], [.. b]), ColumnSimilarity.KolmogorovSmirnov([.. b], [.. a]), 12);
    }

    [Fact]
    public void TotalVariation_CountsMissingAsACategory()
    {
        string?[] real = ["a", "a", "b", null];
        string?[] synthetic = ["a", "a", "b", "b"];

        Assert.Equal(0.25, ColumnSimilarity.TotalVariation(real, synthetic), 12);
        Assert.Equal(0, ColumnSimilarity.TotalVariation(real, [null, "b", "a", "a"]), 12);
    }
}
