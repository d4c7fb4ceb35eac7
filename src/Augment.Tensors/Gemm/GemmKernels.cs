using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augment.Tensors.Gemm;

/// <summary>
/// MR×NR register-tile micro-kernels: C[0..mr, 0..nr] += α·Apanel·Bpanel over kc steps, each step one broadcast
/// of an A value per row and an FMA into 2 vectors of B per row (12 accumulators). Vector512 gives a 6×32 tile,
/// Vector256 a 6×16 tile.
/// </summary>
internal static unsafe class GemmKernels
{
    /// <summary>The rows of a tile.</summary>
    public const int MR = 6;

    /// <summary>Gets whether a SIMD kernel exists on this machine.</summary>
    public static readonly bool Accelerated = Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    /// <summary>Gets the columns of a tile: two vectors.</summary>
    public static readonly int NR = Vector512.IsHardwareAccelerated ? 32 : 16;

    /// <summary>Gets the kernel's name.</summary>
    public static string Name => Vector512.IsHardwareAccelerated ? "avx512" : Vector256.IsHardwareAccelerated ? "avx2" : "scalar";

    public static void Tile(int kc, float* a, float* b, float* c, int ldc, float alpha, int rows, int cols)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Tile512(kc, a, b, c, ldc, alpha, rows, cols);
        }
        else
        {
            Tile256(kc, a, b, c, ldc, alpha, rows, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(int kc, float* a, float* b, float* c, int ldc, float alpha, int rows, int cols)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            a += MR;
            b += 32;
        }

        var al = Vector512.Create(alpha);
        if (rows == MR && cols == 32)
        {
            Store512(c, al, c00, c01);
            Store512(c + ldc, al, c10, c11);
            Store512(c + (2 * ldc), al, c20, c21);
            Store512(c + (3 * ldc), al, c30, c31);
            Store512(c + (4 * ldc), al, c40, c41);
            Store512(c + (5 * ldc), al, c50, c51);
            return;
        }

        var t = stackalloc float[MR * 32];
        (c00 * al).Store(t); (c01 * al).Store(t + 16);
        (c10 * al).Store(t + 32); (c11 * al).Store(t + 48);
        (c20 * al).Store(t + 64); (c21 * al).Store(t + 80);
        (c30 * al).Store(t + 96); (c31 * al).Store(t + 112);
        (c40 * al).Store(t + 128); (c41 * al).Store(t + 144);
        (c50 * al).Store(t + 160); (c51 * al).Store(t + 176);
        AddPartial(t, 32, c, ldc, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> alpha, Vector512<float> lo, Vector512<float> hi)
    {
        Vector512.FusedMultiplyAdd(lo, alpha, Vector512.Load(c)).Store(c);
        Vector512.FusedMultiplyAdd(hi, alpha, Vector512.Load(c + 16)).Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(int kc, float* a, float* b, float* c, int ldc, float alpha, int rows, int cols)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += MR;
            b += 16;
        }

        var al = Vector256.Create(alpha);
        var t = stackalloc float[MR * 16];
        (c00 * al).Store(t); (c01 * al).Store(t + 8);
        (c10 * al).Store(t + 16); (c11 * al).Store(t + 24);
        (c20 * al).Store(t + 32); (c21 * al).Store(t + 40);
        (c30 * al).Store(t + 48); (c31 * al).Store(t + 56);
        (c40 * al).Store(t + 64); (c41 * al).Store(t + 72);
        (c50 * al).Store(t + 80); (c51 * al).Store(t + 88);
        AddPartial(t, 16, c, ldc, rows, cols);
    }

    private static void AddPartial(float* t, int tileCols, float* c, int ldc, int rows, int cols)
    {
        for (var r = 0; r < rows; r++)
        {
            var cRow = c + ((long)r * ldc);
            var tRow = t + (r * tileCols);
            for (var j = 0; j < cols; j++)
            {
                cRow[j] += tRow[j];
            }
        }
    }
}
