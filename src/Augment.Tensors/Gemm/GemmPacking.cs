using System.Runtime.Intrinsics.X86;

namespace Augment.Tensors.Gemm;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layout the micro-kernels stream through: A in slivers of
/// <c>MR</c> rows (for each p, MR consecutive values, already multiplied by α), B in slivers of <c>NR</c> columns
/// (for each p, NR consecutive values), zero-padded at the edges so the kernels never branch inside the k loop.
/// </summary>
internal static unsafe class GemmPacking
{
    public static void PackA(in GemmProblem g, int i0, int mc, int p0, int kc, float* dest)
    {
        const int mr = GemmKernels.MR;
        var alpha = g.Alpha;
        fixed (float* pa = g.A)
        {
            for (var i = 0; i < mc; i += mr)
            {
                var rows = Math.Min(mr, mc - i);
                var outp = dest + ((long)i * kc);
                if (g.TransA)
                {
                    // A is stored k×m: the MR values of one p are contiguous.
                    var src = pa + ((long)p0 * g.Lda) + i0 + i;
                    for (var p = 0; p < kc; p++, src += g.Lda, outp += mr)
                    {
                        var r = 0;
                        for (; r < rows; r++)
                        {
                            outp[r] = alpha * src[r];
                        }

                        for (; r < mr; r++)
                        {
                            outp[r] = 0f;
                        }
                    }

                    continue;
                }

                for (var r = 0; r < mr; r++)
                {
                    var o = outp + r;
                    if (r >= rows)
                    {
                        for (var p = 0; p < kc; p++, o += mr)
                        {
                            *o = 0f;
                        }

                        continue;
                    }

                    var src = pa + ((long)(i0 + i + r) * g.Lda) + p0;
                    for (var p = 0; p < kc; p++, o += mr)
                    {
                        *o = alpha * src[p];
                    }
                }
            }
        }
    }

    public static void PackBPanel(in GemmProblem g, int nr, int j0, int nc, int p0, int kc, int panel, float* dest)
    {
        var outp = dest + ((long)panel * nr * kc);
        var cols = Math.Min(nr, nc - (panel * nr));
        var jStart = j0 + (panel * nr);
        fixed (float* pb = g.B)
        {
            if (!g.TransB)
            {
                var src = pb + ((long)p0 * g.Ldb) + jStart;
                for (var p = 0; p < kc; p++, src += g.Ldb, outp += nr)
                {
                    new ReadOnlySpan<float>(src, cols).CopyTo(new Span<float>(outp, cols));
                    new Span<float>(outp + cols, nr - cols).Clear();
                }

                return;
            }

            // B is stored n×k: the sliver is a transpose. Full 8×8 blocks go through registers (eight row loads,
            // an in-register transpose, eight stores); the rest is scattered value by value.
            var pFull = 0;
            if (Avx.IsSupported && cols == nr && nr % 8 == 0)
            {
                pFull = kc / 8 * 8;
                for (var j = 0; j < nr; j += 8)
                {
                    var src = pb + ((long)(jStart + j) * g.Ldb) + p0;
                    for (var p = 0; p < pFull; p += 8)
                    {
                        Transpose8x8(src + p, g.Ldb, outp + ((long)p * nr) + j, nr);
                    }
                }

                if (pFull == kc)
                {
                    return;
                }
            }

            for (var j = 0; j < nr; j++)
            {
                var o = outp + j;
                if (j >= cols)
                {
                    for (var p = 0; p < kc; p++, o += nr)
                    {
                        *o = 0f;
                    }

                    continue;
                }

                var src = pb + ((long)(jStart + j) * g.Ldb) + p0;
                o += (long)pFull * nr;
                for (var p = pFull; p < kc; p++, o += nr)
                {
                    *o = src[p];
                }
            }
        }
    }

    /// <summary>Writes the 8×8 block at <paramref name="src"/> (row stride <paramref name="ld"/>) transposed to <paramref name="dest"/> (row stride <paramref name="ldd"/>).</summary>
    private static void Transpose8x8(float* src, int ld, float* dest, int ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + (2 * ld));
        var r3 = Avx.LoadVector256(src + (3 * ld));
        var r4 = Avx.LoadVector256(src + (4 * ld));
        var r5 = Avx.LoadVector256(src + (5 * ld));
        var r6 = Avx.LoadVector256(src + (6 * ld));
        var r7 = Avx.LoadVector256(src + (7 * ld));

        // Interleave pairs of rows, then pairs of pairs; each 128-bit lane then holds a 4×4 transpose.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);

        // Join the low lanes of rows 0–3 and 4–7 (columns 0–3), then the high lanes (columns 4–7).
        Avx.Store(dest, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dest + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dest + (2 * ldd), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dest + (3 * ldd), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dest + (4 * ldd), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dest + (5 * ldd), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dest + (6 * ldd), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dest + (7 * ldd), Avx.Permute2x128(s3, s7, 0x31));
    }
}
