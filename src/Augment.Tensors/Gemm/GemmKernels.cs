using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment.Tensors.Gemm;

/// <summary>
/// MR×NR register-tile micro-kernels: C[0..6, 0..NR] += Apanel·Bpanel over kc steps (α is folded into the packed
/// A). Each step broadcasts one A value per row and FMAs it into two vectors of B: 12 accumulators, 2 B vectors
/// and 1 broadcast, 15 of the 16 vector registers. The kernels contain no calls and no stack buffers, so the JIT
/// keeps every accumulator in a register (an earlier version with a stackalloc after the loop spilled all twelve
/// on every k step). Accumulators start at zero and are added to C at the end, as the earlier kernels did, so with
/// α = 1 the AVX2 results are bit-identical to theirs (seeded training runs reproduce). Edge tiles are run on a
/// scratch tile by the driver.
/// </summary>
internal static unsafe class GemmKernels
{
    /// <summary>The rows of a tile.</summary>
    public const int MR = 6;

    /// <summary>The environment variable that forces a path: <c>avx512</c>, <c>avx2</c> or <c>scalar</c>.</summary>
    public const string EnvironmentVariable = "AUGMENT_GEMM_KERNEL";

    /// <summary>Gets the path chosen at start-up: the variable's when set and supported, else the widest supported.</summary>
    public static readonly GemmKernelKind Default = Choose(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Gets every path this machine can run, widest first.</summary>
    public static IReadOnlyList<GemmKernelKind> Supported { get; } = FindSupported();

    /// <summary>Gets the columns of a tile (two vectors) for a path.</summary>
    public static int NR(GemmKernelKind kind) => kind == GemmKernelKind.Avx512 ? 32 : 16;

    /// <summary>Gets a path's name as the environment variable and the bench spell it.</summary>
    public static string NameOf(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => "avx512",
        GemmKernelKind.Avx2 => "avx2",
        _ => "scalar",
    };

    internal static GemmKernelKind Choose(string? forced)
    {
        var supported = FindSupported();
        if (!string.IsNullOrWhiteSpace(forced))
        {
            foreach (var kind in supported)
            {
                if (string.Equals(NameOf(kind), forced.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
        }

        // Vector512.IsHardwareAccelerated is false where the runtime judges 512-bit code slower (some CPUs
        // throttle it); AVX-512 is then used only when forced.
        return Vector512.IsHardwareAccelerated && supported.Contains(GemmKernelKind.Avx512) ? GemmKernelKind.Avx512
            : supported.Contains(GemmKernelKind.Avx2) ? GemmKernelKind.Avx2
            : GemmKernelKind.Scalar;
    }

    private static List<GemmKernelKind> FindSupported()
    {
        var kinds = new List<GemmKernelKind>();
        if (Avx512F.IsSupported)
        {
            kinds.Add(GemmKernelKind.Avx512);
        }

        if (Avx2.IsSupported && Fma.IsSupported)
        {
            kinds.Add(GemmKernelKind.Avx2);
        }

        kinds.Add(GemmKernelKind.Scalar);
        return kinds;
    }

    /// <summary>C[0..6, 0..16] (row stride <paramref name="ldc"/>) += A sliver (kc×6) · B sliver (kc×16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel256(int kc, float* a, float* b, float* c, nint ldc)
    {
        var c1 = c + ldc;
        var c2 = c1 + ldc;
        var c3 = c2 + ldc;
        var c4 = c3 + ldc;
        var c5 = c4 + ldc;
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        var p = 0;
        for (; p + 1 < kc; p += 2)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var ai = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ai, b1, c51);

            b0 = Vector256.Load(b + 16);
            b1 = Vector256.Load(b + 24);
            ai = Vector256.Create(a[6]);
            c00 = Vector256.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[7]);
            c10 = Vector256.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[8]);
            c20 = Vector256.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[9]);
            c30 = Vector256.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[10]);
            c40 = Vector256.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[11]);
            c50 = Vector256.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ai, b1, c51);
            a += 2 * MR;
            b += 32;
        }

        for (; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var ai = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ai, b1, c51);
            a += MR;
            b += 16;
        }

        (Vector256.Load(c) + c00).Store(c); (Vector256.Load(c + 8) + c01).Store(c + 8);
        (Vector256.Load(c1) + c10).Store(c1); (Vector256.Load(c1 + 8) + c11).Store(c1 + 8);
        (Vector256.Load(c2) + c20).Store(c2); (Vector256.Load(c2 + 8) + c21).Store(c2 + 8);
        (Vector256.Load(c3) + c30).Store(c3); (Vector256.Load(c3 + 8) + c31).Store(c3 + 8);
        (Vector256.Load(c4) + c40).Store(c4); (Vector256.Load(c4 + 8) + c41).Store(c4 + 8);
        (Vector256.Load(c5) + c50).Store(c5); (Vector256.Load(c5 + 8) + c51).Store(c5 + 8);
    }

    /// <summary>C[0..6, 0..32] (row stride <paramref name="ldc"/>) += A sliver (kc×6) · B sliver (kc×32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel512(int kc, float* a, float* b, float* c, nint ldc)
    {
        var c1 = c + ldc;
        var c2 = c1 + ldc;
        var c3 = c2 + ldc;
        var c4 = c3 + ldc;
        var c5 = c4 + ldc;
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var ai = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ai, b1, c51);
            a += MR;
            b += 32;
        }

        (Vector512.Load(c) + c00).Store(c); (Vector512.Load(c + 16) + c01).Store(c + 16);
        (Vector512.Load(c1) + c10).Store(c1); (Vector512.Load(c1 + 16) + c11).Store(c1 + 16);
        (Vector512.Load(c2) + c20).Store(c2); (Vector512.Load(c2 + 16) + c21).Store(c2 + 16);
        (Vector512.Load(c3) + c30).Store(c3); (Vector512.Load(c3 + 16) + c31).Store(c3 + 16);
        (Vector512.Load(c4) + c40).Store(c4); (Vector512.Load(c4 + 16) + c41).Store(c4 + 16);
        (Vector512.Load(c5) + c50).Store(c5); (Vector512.Load(c5 + 16) + c51).Store(c5 + 16);
    }
}
