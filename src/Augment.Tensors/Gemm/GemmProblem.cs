namespace Augment.Tensors.Gemm;

/// <summary>The operands of one C += α·op(A)·op(B) (C already scaled by β).</summary>
internal readonly record struct GemmProblem(
    bool TransA, bool TransB, int M, int N, int K, float Alpha,
    float[] A, int Lda, float[] B, int Ldb, float[] C, int Ldc)
{
    /// <summary>Gets op(A)[i, p].</summary>
    public float AAt(int i, int p) => TransA ? A[(p * Lda) + i] : A[(i * Lda) + p];

    /// <summary>Gets op(B)[p, j].</summary>
    public float BAt(int p, int j) => TransB ? B[(j * Ldb) + p] : B[(p * Ldb) + j];
}
