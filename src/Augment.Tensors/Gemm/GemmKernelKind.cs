namespace Augment.Tensors.Gemm;

/// <summary>The GEMM code paths; <see cref="GemmKernels.Default"/> picks one at start-up.</summary>
internal enum GemmKernelKind
{
    /// <summary>The plain triple loop (<see cref="GemmReference"/>).</summary>
    Scalar,

    /// <summary>6×16 tiles of <c>Vector256</c> FMAs (AVX2 + FMA).</summary>
    Avx2,

    /// <summary>6×32 tiles of <c>Vector512</c> FMAs (AVX-512F).</summary>
    Avx512,
}
