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

            // B is stored n×k: read each of the sliver's rows once, scatter it down one column of the sliver.
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
                for (var p = 0; p < kc; p++, o += nr)
                {
                    *o = src[p];
                }
            }
        }
    }
}
