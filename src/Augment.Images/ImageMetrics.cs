using Augment.Tensors;
using Augment.Tensors.Gemm;
using MathNet.Numerics.LinearAlgebra;

namespace Augment.Images;

/// <summary>Precision, recall, density and coverage of synthetic points against real points (Naeem et al. 2020).</summary>
/// <param name="Precision">Share of synthetic points inside some real point's k-NN ball.</param>
/// <param name="Recall">Share of real points inside some synthetic point's k-NN ball.</param>
/// <param name="Density">Mean number of real balls holding a synthetic point, over k (≈ 1 for two draws of one distribution).</param>
/// <param name="Coverage">Share of real points whose ball holds a synthetic point (≈ 1 − (½)^k for two equal draws).</param>
public readonly record struct PrdcScores(double Precision, double Recall, double Density, double Coverage);

/// <summary>
/// Image quality and memorisation measures on feature vectors (rows of a [n, d] tensor; the features of the CNN trained
/// on the user's real images) and on pixels. Euclidean distances come from one GEMM per block
/// (‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b), so ten thousand images against a few thousand take a fraction of a second.
/// </summary>
public static class ImageMetrics
{
    /// <summary>The Fréchet distance between Gaussians fitted to two feature sets:
    /// ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁^½ Σ₂ Σ₁^½)^½) (the FID formula, in the given feature space).</summary>
    /// <param name="a">The first set [n, d], n ≥ 2.</param>
    /// <param name="b">The second set [m, d], m ≥ 2.</param>
    public static double FrechetDistance(Tensor a, Tensor b)
    {
        var (ma, ca) = MeanAndCovariance(a);
        var (mb, cb) = MeanAndCovariance(b);
        var sqrtA = SymmetricSqrt(ca);
        var middle = sqrtA * cb * sqrtA;
        var traceSqrt = middle.Add(middle.Transpose()).Divide(2).Evd(Symmetricity.Symmetric).EigenValues.Sum(e => Math.Sqrt(Math.Max(0, e.Real)));
        return Math.Max(0, (ma - mb).DotProduct(ma - mb) + ca.Trace() + cb.Trace() - (2 * traceSqrt));
    }

    /// <summary>The kernel inception distance: the unbiased MMD² with the cubic kernel (x·y / d + 1)³, averaged over
    /// <paramref name="subsets"/> seeded subsets of up to <paramref name="subsetSize"/> points per side.</summary>
    /// <param name="a">The first set [n, d].</param>
    /// <param name="b">The second set [m, d].</param>
    /// <param name="seed">Chooses the subsets.</param>
    /// <param name="subsets">How many subsets to average.</param>
    /// <param name="subsetSize">The most points per side in a subset.</param>
    public static double KernelDistance(Tensor a, Tensor b, int seed = 1, int subsets = 10, int subsetSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var size = Math.Min(subsetSize, Math.Min(a.Rows, b.Rows));
        if (size < 2)
        {
            return double.NaN;
        }

        var random = new Random(seed);
        double total = 0;
        for (var s = 0; s < subsets; s++)
        {
            var x = Rows(a, Pick(a.Rows, size, random));
            var y = Rows(b, Pick(b.Rows, size, random));
            var d = a.Columns;
            var kxx = Kernel(x, x, d);
            var kyy = Kernel(y, y, d);
            var kxy = Kernel(x, y, d);
            double sxx = 0, syy = 0, sxy = 0;
            for (var i = 0; i < size; i++)
            {
                for (var j = 0; j < size; j++)
                {
                    if (i != j)
                    {
                        sxx += kxx[i, j];
                        syy += kyy[i, j];
                    }

                    sxy += kxy[i, j];
                }
            }

            total += ((sxx + syy) / (size * (size - 1.0))) - (2 * sxy / ((double)size * size));
        }

        return total / subsets;
    }

    /// <summary>Precision, recall, density and coverage with k-nearest-neighbour balls (k = 5 by default).</summary>
    /// <param name="real">Real feature vectors [n, d], n &gt; k.</param>
    /// <param name="synthetic">Synthetic feature vectors [m, d], m &gt; k.</param>
    /// <param name="k">The neighbour whose distance is a point's radius.</param>
    public static PrdcScores Prdc(Tensor real, Tensor synthetic, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        if (real.Rows <= k || synthetic.Rows <= k)
        {
            return new PrdcScores(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var realRadius = KthNeighbourDistance(SquaredDistances(real, real), k);
        var synthRadius = KthNeighbourDistance(SquaredDistances(synthetic, synthetic), k);
        var cross = SquaredDistances(real, synthetic); // [n, m]
        int n = real.Rows, m = synthetic.Rows;
        var insideAny = new bool[m];
        var ballCount = new int[m];
        var covered = 0;
        var recalled = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var row = cross.Row(i);
            var hit = false;
            for (var j = 0; j < m; j++)
            {
                if (row[j] <= realRadius[i])
                {
                    insideAny[j] = true;
                    ballCount[j]++;
                    hit = true;
                }

                if (row[j] <= synthRadius[j])
                {
                    recalled[i] = true;
                }
            }

            if (hit)
            {
                covered++;
            }
        }

        return new PrdcScores(
            insideAny.Count(b => b) / (double)m,
            recalled.Count(b => b) / (double)n,
            ballCount.Sum() / ((double)k * m),
            covered / (double)n);
    }

    /// <summary>For every row of <paramref name="queries"/>, the Euclidean distance to its nearest row of
    /// <paramref name="reference"/> and that row's index.</summary>
    /// <param name="queries">The points to place [n, d].</param>
    /// <param name="reference">The points to search [m, d].</param>
    /// <param name="skipSelf">Whether query i is reference i and is not its own neighbour.</param>
    public static (double[] Distance, int[] Index) Nearest(Tensor queries, Tensor reference, bool skipSelf = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(reference);
        var distance = new double[queries.Rows];
        var index = new int[queries.Rows];
        const int block = 512;
        for (var start = 0; start < queries.Rows; start += block)
        {
            var rows = Math.Min(block, queries.Rows - start);
            var part = new Tensor(queries.Data.AsSpan(start * queries.Columns, rows * queries.Columns).ToArray(), rows, queries.Columns);
            var d2 = SquaredDistances(part, reference);
            for (var i = 0; i < rows; i++)
            {
                var best = double.PositiveInfinity;
                var at = -1;
                var row = d2.Row(i);
                for (var j = 0; j < row.Length; j++)
                {
                    if ((!skipSelf || j != start + i) && row[j] < best)
                    {
                        best = row[j];
                        at = j;
                    }
                }

                distance[start + i] = Math.Sqrt(Math.Max(0, best));
                index[start + i] = at;
            }
        }

        return (distance, index);
    }

    /// <summary>Squared Euclidean distances [n, m] between the rows of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">The first set [n, d].</param>
    /// <param name="b">The second set [m, d].</param>
    public static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        var d = a.Columns;
        var result = new Tensor(a.Rows, b.Rows);
        Blas.Gemm(false, true, a.Rows, b.Rows, d, -2f, a.Data, d, b.Data, d, 0f, result.Data, b.Rows);
        var na = Norms(a);
        var nb = Norms(b);
        for (var i = 0; i < a.Rows; i++)
        {
            var row = result.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = MathF.Max(0f, row[j] + na[i] + nb[j]);
            }
        }

        return result;
    }

    private static float[] Norms(Tensor t)
    {
        var norms = new float[t.Rows];
        for (var i = 0; i < t.Rows; i++)
        {
            norms[i] = System.Numerics.Tensors.TensorPrimitives.Dot(t.Row(i), t.Row(i));
        }

        return norms;
    }

    /// <summary>The k-th smallest distance of every row to the others (the row itself, at distance 0, excluded).</summary>
    private static float[] KthNeighbourDistance(Tensor squared, int k)
    {
        var radius = new float[squared.Rows];
        var scratch = new float[squared.Columns];
        for (var i = 0; i < squared.Rows; i++)
        {
            squared.Row(i).CopyTo(scratch);
            scratch[i] = float.PositiveInfinity;
            Array.Sort(scratch);
            radius[i] = scratch[k - 1];
        }

        return radius;
    }

    private static (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Rows < 2)
        {
            throw new ArgumentException("A covariance needs at least two points.", nameof(t));
        }

        var x = Matrix<double>.Build.Dense(t.Rows, t.Columns, (i, j) => t[i, j]);
        var mean = x.ColumnSums() / t.Rows;
        var centred = x - Matrix<double>.Build.Dense(t.Rows, t.Columns, (_, j) => mean[j]);
        return (mean, centred.TransposeThisAndMultiply(centred) / (t.Rows - 1));
    }

    private static Matrix<double> SymmetricSqrt(Matrix<double> m)
    {
        var evd = m.Evd(Symmetricity.Symmetric);
        var roots = Vector<double>.Build.Dense(evd.EigenValues.Count, i => Math.Sqrt(Math.Max(0, evd.EigenValues[i].Real)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(roots) * evd.EigenVectors.Transpose();
    }

    private static int[] Pick(int count, int size, Random random)
    {
        var all = Enumerable.Range(0, count).ToArray();
        random.Shuffle(all);
        return all[..size];
    }

    /// <summary>The chosen rows of a [n, d] tensor, copied, in the given order.</summary>
    /// <param name="t">The tensor.</param>
    /// <param name="rows">The row indices.</param>
    public static Tensor Rows(Tensor t, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rows);
        var result = new Tensor(rows.Count, t.Columns);
        for (var i = 0; i < rows.Count; i++)
        {
            t.Row(rows[i]).CopyTo(result.Row(i));
        }

        return result;
    }

    /// <summary>The <paramref name="q"/>-quantile of <paramref name="values"/> (the lower order statistic; 0 when empty).</summary>
    /// <param name="values">The sample.</param>
    /// <param name="q">The quantile in [0, 1].</param>
    public static double Percentile(IReadOnlyCollection<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }

    /// <summary>The mean of paired per-seed differences and its 95 % Student-t interval (NaN ends with fewer than two
    /// values; all NaN when empty): how the image arms' lift is judged, in the benchmark and in a run's report.</summary>
    /// <param name="values">One difference per seed.</param>
    public static (double Mean, double Low, double High) TInterval(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var mean = values.Average();
        if (values.Count < 2)
        {
            return (mean, double.NaN, double.NaN);
        }

        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * sd / Math.Sqrt(values.Count);
        return (mean, mean - half, mean + half);
    }

    private static Tensor Kernel(Tensor x, Tensor y, int d)
    {
        var k = new Tensor(x.Rows, y.Rows);
        Blas.Gemm(false, true, x.Rows, y.Rows, d, 1f / d, x.Data, d, y.Data, d, 0f, k.Data, y.Rows);
        for (var i = 0; i < k.Length; i++)
        {
            var v = k.Data[i] + 1f;
            k.Data[i] = v * v * v;
        }

        return k;
    }
}
