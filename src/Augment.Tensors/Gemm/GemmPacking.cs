namespace Augment.Tensors.Gemm;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layout the micro-kernels stream through: A in panels of
/// <c>MR</c> rows (for each p, MR consecutive values), B in panels of <c>NR</c> columns (for each p, NR consecutive
/// values), zero-padded at the edges so the kernels never branch inside the k loop.
/// </summary>
internal static class GemmPacking
{
    public static void PackA(in GemmProblem g, int i0, int mc, int p0, int kc, float[] dest)
    {
        const int mr = GemmKernels.MR;
        var panels = (mc + mr - 1) / mr;
        for (var panel = 0; panel < panels; panel++)
        {
            var baseOut = panel * mr * kc;
            var rows = Math.Min(mr, mc - (panel * mr));
            for (var r = 0; r < mr; r++)
            {
                var i = i0 + (panel * mr) + r;
                if (r >= rows)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        dest[baseOut + (p * mr) + r] = 0f;
                    }
                }
                else if (g.TransA)
                {
                    var src = g.A;
                    for (var p = 0; p < kc; p++)
                    {
                        dest[baseOut + (p * mr) + r] = src[((p0 + p) * g.Lda) + i];
                    }
                }
                else
                {
                    var row = g.A.AsSpan((i * g.Lda) + p0, kc);
                    for (var p = 0; p < kc; p++)
                    {
                        dest[baseOut + (p * mr) + r] = row[p];
                    }
                }
            }
        }
    }

    public static void PackBPanel(in GemmProblem g, int j0, int nc, int p0, int kc, int panel, float[] dest)
    {
        var nr = GemmKernels.NR;
        var baseOut = panel * nr * kc;
        var cols = Math.Min(nr, nc - (panel * nr));
        var jStart = j0 + (panel * nr);
        if (!g.TransB)
        {
            for (var p = 0; p < kc; p++)
            {
                var src = g.B.AsSpan(((p0 + p) * g.Ldb) + jStart, cols);
                var dst = dest.AsSpan(baseOut + (p * nr), nr);
                src.CopyTo(dst);
                dst[cols..].Clear();
            }

            return;
        }

        for (var j = 0; j < nr; j++)
        {
            if (j >= cols)
            {
                for (var p = 0; p < kc; p++)
                {
                    dest[baseOut + (p * nr) + j] = 0f;
                }

                continue;
            }

            var row = g.B.AsSpan(((jStart + j) * g.Ldb) + p0, kc);
            for (var p = 0; p < kc; p++)
            {
                dest[baseOut + (p * nr) + j] = row[p];
            }
        }
    }
}
