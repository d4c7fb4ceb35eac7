namespace Augment.Synthesis;

/// <summary>Pearson correlation of score columns, the shrinkage that makes it positive definite, and Cholesky.</summary>
internal static class Correlation
{
    /// <summary>Shrinkage steps tried in order; the first that gives a well-conditioned Cholesky factor is used.</summary>
    private static readonly double[] ShrinkSteps = [0, 1e-6, 1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];

    /// <summary>The smallest pivot (a conditional variance) accepted, so conditioning on one dimension stays stable.</summary>
    private const double MinPivot = 1e-6;

    /// <summary>
    /// Pearson correlation of columns of scores; NaN marks a missing score and a pair uses the rows where both are
    /// present (pairwise complete). A pair with fewer than 3 such rows or no variance gets 0.
    /// </summary>
    public static double[][] Pearson(double[][] scores)
    {
        var d = scores.Length;
        var result = new double[d][];
        var hasNaN = new bool[d];
        for (var i = 0; i < d; i++)
        {
            result[i] = new double[d];
            result[i][i] = 1;
            hasNaN[i] = HasNaN(scores[i]);
        }

        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var r = hasNaN[i] || hasNaN[j] ? PairwiseComplete(scores[i], scores[j]) : Complete(scores[i], scores[j]);
                result[i][j] = r;
                result[j][i] = r;
            }
        }

        return result;
    }

    private static bool HasNaN(double[] values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    private static double Complete(double[] x, double[] y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var k = 0; k < x.Length; k++)
        {
            sx += x[k];
            sy += y[k];
            sxx += x[k] * x[k];
            syy += y[k] * y[k];
            sxy += x[k] * y[k];
        }

        return Finish(x.Length, sx, sy, sxx, syy, sxy);
    }

    private static double PairwiseComplete(double[] x, double[] y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        var n = 0;
        for (var k = 0; k < x.Length; k++)
        {
            if (double.IsNaN(x[k]) || double.IsNaN(y[k]))
            {
                continue;
            }

            n++;
            sx += x[k];
            sy += y[k];
            sxx += x[k] * x[k];
            syy += y[k] * y[k];
            sxy += x[k] * y[k];
        }

        return Finish(n, sx, sy, sxx, syy, sxy);
    }

    private static double Finish(int n, double sx, double sy, double sxx, double syy, double sxy)
    {
        if (n < 3)
        {
            return 0;
        }

        var cov = sxy - (sx * sy / n);
        var vx = sxx - (sx * sx / n);
        var vy = syy - (sy * sy / n);
        if (vx <= 1e-12 * n || vy <= 1e-12 * n)
        {
            return 0;
        }

        return Math.Clamp(cov / Math.Sqrt(vx * vy), -1, 1);
    }

    /// <summary>
    /// Returns <c>(1 - λ) R + λ I</c> for the smallest tried λ whose Cholesky factor has every pivot at least
    /// <see cref="MinPivot"/>, with that λ.
    /// </summary>
    public static (double[][] Matrix, double Shrinkage) ShrinkToPositiveDefinite(double[][] r)
    {
        foreach (var lambda in ShrinkSteps)
        {
            var shrunk = Shrink(r, lambda);
            if (TryCholesky(shrunk) is not null)
            {
                return (shrunk, lambda);
            }
        }

        throw new InvalidOperationException("The correlation matrix could not be made positive definite.");
    }

    private static double[][] Shrink(double[][] r, double lambda)
    {
        var d = r.Length;
        var result = new double[d][];
        for (var i = 0; i < d; i++)
        {
            result[i] = new double[d];
            for (var j = 0; j < d; j++)
            {
                result[i][j] = i == j ? 1 : (1 - lambda) * r[i][j];
            }
        }

        return result;
    }

    /// <summary>The lower-triangular Cholesky factor (row-major, packed as full rows), or null when a pivot is too small.</summary>
    public static double[][]? TryCholesky(double[][] a) => Cholesky(a, relaxed: false);

    /// <summary>
    /// For conditioning on dimension <paramref name="j"/>: the regression coefficients <c>R[-j, j]</c> and the
    /// Cholesky factor of the conditional correlation <c>R[-j,-j] - R[-j,j] R[j,-j]</c> (unit variance of z_j).
    /// </summary>
    public static (double[] Coefficients, double[][] Factor) Conditional(double[][] r, int j)
    {
        var d = r.Length;
        var others = Enumerable.Range(0, d).Where(i => i != j).ToArray();
        var coefficients = others.Select(i => r[i][j]).ToArray();
        var cov = new double[others.Length][];
        for (var a = 0; a < others.Length; a++)
        {
            cov[a] = new double[others.Length];
            for (var b = 0; b < others.Length; b++)
            {
                cov[a][b] = r[others[a]][others[b]] - (coefficients[a] * coefficients[b]);
            }
        }

        var factor = Cholesky(cov, relaxed: true)!;
        return (coefficients, factor);
    }

    /// <summary>
    /// Cholesky factorisation. Strict: null when a pivot is below <see cref="MinPivot"/> (not positive definite).
    /// Relaxed: tiny or negative pivots (round-off of a positive semi-definite matrix) become zero columns.
    /// </summary>
    private static double[][]? Cholesky(double[][] a, bool relaxed)
    {
        var d = a.Length;
        var l = new double[d][];
        for (var i = 0; i < d; i++)
        {
            l[i] = new double[d];
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i][j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i][k] * l[j][k];
                }

                if (i == j)
                {
                    if (relaxed)
                    {
                        l[i][i] = sum > 1e-12 ? Math.Sqrt(sum) : 0;
                    }
                    else if (!(sum >= MinPivot))
                    {
                        return null;
                    }
                    else
                    {
                        l[i][i] = Math.Sqrt(sum);
                    }
                }
                else
                {
                    l[i][j] = l[j][j] > 0 ? sum / l[j][j] : 0;
                }
            }
        }

        return l;
    }
}
