namespace Augment.Synthesis.Tests;

public sealed class CorrelationTests
{
    [Fact]
    public void Pearson_KnownColumns_MatchesHandComputedValues()
    {
        double[][] scores = [[1, 2, 3, 4], [2, 4, 6, 8], [4, 3, 2, 1], [1, -1, 1, -1]];

        var r = Correlation.Pearson(scores);

        Assert.Equal(1, r[0][1], 12);
        Assert.Equal(-1, r[0][2], 12);
        Assert.Equal(-2 / Math.Sqrt(20), r[0][3], 1e-12);
        Assert.Equal(r[3][0], r[0][3]);
        Assert.Equal(1, r[2][2]);
    }

    [Fact]
    public void Pearson_MissingScores_UsesPairwiseCompleteRows()
    {
        double[][] scores = [[1, 2, double.NaN, 4, 5], [2, 4, 100, 8, 10]];

        Assert.Equal(1, Correlation.Pearson(scores)[0][1], 12);
    }

    [Fact]
    public void Pearson_ConstantColumn_ZeroCorrelation()
    {
        Assert.Equal(0, Correlation.Pearson([[1, 1, 1, 1], [1, 2, 3, 4]])[0][1]);
    }

    [Fact]
    public void TryCholesky_PositiveDefinite_ReconstructsMatrix()
    {
        double[][] a = [[1, 0.5, 0.2], [0.5, 1, -0.3], [0.2, -0.3, 1]];

        var l = Correlation.TryCholesky(a)!;

        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var sum = Enumerable.Range(0, 3).Sum(k => l[i][k] * l[j][k]);
                Assert.Equal(a[i][j], sum, 12);
            }

            for (var j = i + 1; j < 3; j++)
            {
                Assert.Equal(0, l[i][j]);
            }
        }
    }

    [Fact]
    public void ShrinkToPositiveDefinite_SingularMatrix_ShrinksJustEnough()
    {
        double[][] singular = [[1, 1, 0], [1, 1, 0], [0, 0, 1]];

        var (matrix, shrinkage) = Correlation.ShrinkToPositiveDefinite(singular);

        Assert.InRange(shrinkage, 1e-7, 1e-3);
        Assert.NotNull(Correlation.TryCholesky(matrix));
        Assert.Equal(1 - shrinkage, matrix[0][1], 12);
        Assert.Equal(1, matrix[1][1]);
    }

    [Fact]
    public void ShrinkToPositiveDefinite_AlreadyPositiveDefinite_Unchanged()
    {
        double[][] a = [[1, 0.3], [0.3, 1]];

        var (matrix, shrinkage) = Correlation.ShrinkToPositiveDefinite(a);

        Assert.Equal(0, shrinkage);
        Assert.Equal(0.3, matrix[0][1]);
    }

    [Fact]
    public void Conditional_TwoDimensions_GivesRegressionAndResidualVariance()
    {
        double[][] a = [[1, 0.6], [0.6, 1]];

        var (coefficients, factor) = Correlation.Conditional(a, 0);

        Assert.Equal(0.6, coefficients[0], 12);
        Assert.Equal(Math.Sqrt(1 - 0.36), factor[0][0], 12);
    }
}
