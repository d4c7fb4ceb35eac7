namespace Augment.Tensors.Gemm;

/// <summary>The plain triple loop (double accumulation) that the blocked kernels are tested against.</summary>
public static class GemmReference
{
    /// <summary>Computes C = α·op(A)·op(B) + β·C with scalar code; same arguments as <see cref="Blas.Gemm(bool, bool, int, int, int, float, float[], int, float[], int, float, float[], int)"/>.</summary>
    /// <param name="transA">Whether op(A) is Aᵀ.</param>
    /// <param name="transB">Whether op(B) is Bᵀ.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's values.</param>
    /// <param name="lda">A's row stride.</param>
    /// <param name="b">B's values.</param>
    /// <param name="ldb">B's row stride.</param>
    /// <param name="beta">Scale of C's previous values.</param>
    /// <param name="c">C's values.</param>
    /// <param name="ldc">C's row stride.</param>
    public static void Gemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        GemmArgs.Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        GemmArgs.ScaleC(m, n, beta, c, ldc);
        Accumulate(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    }

    /// <summary>C += α·op(A)·op(B).</summary>
    internal static void Accumulate(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float[] c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    var bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += (double)av * bv;
                }

                c[(i * ldc) + j] += (float)(alpha * sum);
            }
        }
    }
}
