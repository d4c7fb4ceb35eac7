namespace Augment.Tensors.Gemm;

/// <summary>Argument checks and the β·C pre-scaling shared by every GEMM path.</summary>
internal static class GemmArgs
{
    public static void Validate(bool transA, bool transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"GEMM dimensions must be non-negative (m={m}, n={n}, k={k}).");
        }

        CheckMatrix("A", a, transA ? k : m, transA ? m : k, lda);
        CheckMatrix("B", b, transB ? n : k, transB ? k : n, ldb);
        CheckMatrix("C", c, m, n, ldc);
    }

    public static void ScaleC(int m, int n, float beta, float[] c, int ldc)
    {
        if (beta == 1f)
        {
            return;
        }

        for (var i = 0; i < m; i++)
        {
            var row = c.AsSpan(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private static void CheckMatrix(string name, float[] data, int rows, int cols, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException($"GEMM: the row stride of {name} ({ld}) is below its column count ({cols}).");
        }

        if (rows > 0 && cols > 0 && ((long)(rows - 1) * ld) + cols > data.Length)
        {
            throw new ArgumentException($"GEMM: {name} needs {((long)(rows - 1) * ld) + cols} values but has {data.Length}.");
        }
    }
}
