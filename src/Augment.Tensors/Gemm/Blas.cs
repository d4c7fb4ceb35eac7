using System.Runtime.Intrinsics;

namespace Augment.Tensors.Gemm;

/// <summary>
/// Single-precision matrix multiply, C = α·op(A)·op(B) + β·C, on row-major buffers. Large products are packed
/// into cache-sized blocks (Goto's scheme) and run by <see cref="Vector512"/> or <see cref="Vector256"/> FMA
/// micro-kernels (picked by CPU features at start-up) on several threads; the result matches <see cref="GemmReference"/> up to float rounding.
/// </summary>
public static class Blas
{
    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>Gets or sets the most threads one product uses (default: the processor count).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int MaxThreads
    {
        get => maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxThreads = value;
        }
    }

    /// <summary>
    /// Gets the name of the micro-kernel in use (<c>avx512</c>, <c>avx2</c> or <c>scalar</c>), chosen at start-up from
    /// the CPU's features; the environment variable <c>AUGMENT_GEMM_KERNEL</c> forces a supported one.
    /// </summary>
    public static string Kernel => GemmKernels.NameOf(GemmKernels.Default);

    /// <summary>Gets the L1 data cache size per core in bytes that the blocking is sized from (32 KiB if unknown).</summary>
    public static int L1DataBytes => GemmCache.L1Data;

    /// <summary>Gets the L2 cache size per core in bytes that the blocking is sized from (512 KiB if unknown).</summary>
    public static int L2Bytes => GemmCache.L2;

    /// <summary>Computes C = α·op(A)·op(B) + β·C for row-major matrices.</summary>
    /// <param name="transA">Whether op(A) is Aᵀ (A stored k×m) rather than A (stored m×k).</param>
    /// <param name="transB">Whether op(B) is Bᵀ (B stored n×k) rather than B (stored k×n).</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's values.</param>
    /// <param name="lda">A's row stride.</param>
    /// <param name="b">B's values.</param>
    /// <param name="ldb">B's row stride.</param>
    /// <param name="beta">Scale of C's previous values (0 ignores them, NaN included).</param>
    /// <param name="c">C's values, overwritten.</param>
    /// <param name="ldc">C's row stride.</param>
    /// <exception cref="ArgumentException">A dimension is negative, a stride too small or a buffer too short.</exception>
    public static void Gemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
        => Gemm(GemmKernels.Default, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>As the public overload, on a given path (tests run every path the machine supports).</summary>
    internal static void Gemm(
        GemmKernelKind kind, bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        GemmArgs.Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        GemmArgs.ScaleC(m, n, beta, c, ldc);
        if (k == 0 || alpha == 0f)
        {
            return;
        }

        if (kind == GemmKernelKind.Scalar || (long)m * n * k < 4096)
        {
            GemmReference.Accumulate(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
            return;
        }

        var threads = (long)m * n * k < (1L << 20) ? 1 : maxThreads;
        GemmBlocked.Run(new GemmProblem(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc), threads, kind);
    }

    /// <summary>Computes C = α·op(A)·op(B) + β·C for matrix tensors (strides are their column counts).</summary>
    /// <param name="a">A (m×k, or k×m when <paramref name="transA"/>).</param>
    /// <param name="transA">Whether to use Aᵀ.</param>
    /// <param name="b">B (k×n, or n×k when <paramref name="transB"/>).</param>
    /// <param name="transB">Whether to use Bᵀ.</param>
    /// <param name="c">C (m×n), overwritten.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of C's previous values.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void Gemm(Tensor a, bool transA, Tensor b, bool transB, Tensor c, float alpha = 1f, float beta = 0f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        var m = transA ? a.Columns : a.Rows;
        var k = transA ? a.Rows : a.Columns;
        var kb = transB ? b.Columns : b.Rows;
        var n = transB ? b.Rows : b.Columns;
        if (k != kb || c.Rows != m || c.Columns != n)
        {
            throw new ArgumentException($"GEMM shapes do not agree: op(A) {m}×{k}, op(B) {kb}×{n}, C {c.Rows}×{c.Columns}.");
        }

        Gemm(transA, transB, m, n, k, alpha, a.Data, a.Columns, b.Data, b.Columns, beta, c.Data, c.Columns);
    }
}
