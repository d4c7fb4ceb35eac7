namespace Augment.Tensors.Gemm;

/// <summary>
/// The blocked driver: for each NC-wide column block and KC-deep slice, pack op(B) once, then (in parallel over
/// MC-high row blocks) pack op(A) and sweep MR×NR micro-tiles. Packing buffers are cached per thread.
/// </summary>
internal static class GemmBlocked
{
    private const int MC = 120;
    private const int KC = 256;
    private const int NC = 2048;

    [ThreadStatic]
    private static float[]? packA;

    [ThreadStatic]
    private static float[]? packB;

    public static void Run(GemmProblem g, int threads)
    {
        var nr = GemmKernels.NR;
        var bLength = KC * RoundUp(Math.Min(NC, g.N), nr);
        var bBuffer = packB is { } pb && pb.Length >= bLength ? pb : (packB = GC.AllocateUninitializedArray<float>(Math.Max(bLength, KC * NC), pinned: true));
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (var j0 = 0; j0 < g.N; j0 += NC)
        {
            var nc = Math.Min(NC, g.N - j0);
            var bPanels = (nc + nr - 1) / nr;
            for (var p0 = 0; p0 < g.K; p0 += KC)
            {
                var kc = Math.Min(KC, g.K - p0);
                if (threads > 1 && bPanels > 1)
                {
                    Parallel.For(0, bPanels, options, panel => GemmPacking.PackBPanel(g, j0, nc, p0, kc, panel, bBuffer));
                }
                else
                {
                    for (var panel = 0; panel < bPanels; panel++)
                    {
                        GemmPacking.PackBPanel(g, j0, nc, p0, kc, panel, bBuffer);
                    }
                }

                var mBlocks = (g.M + MC - 1) / MC;
                if (threads > 1 && mBlocks > 1)
                {
                    var gg = g;
                    Parallel.For(0, mBlocks, options, ib => RowBlock(gg, ib, j0, nc, p0, kc, bBuffer));
                }
                else
                {
                    for (var ib = 0; ib < mBlocks; ib++)
                    {
                        RowBlock(g, ib, j0, nc, p0, kc, bBuffer);
                    }
                }
            }
        }
    }

    private static unsafe void RowBlock(in GemmProblem g, int ib, int j0, int nc, int p0, int kc, float[] bBuffer)
    {
        const int mr = GemmKernels.MR;
        var nr = GemmKernels.NR;
        var i0 = ib * MC;
        var mc = Math.Min(MC, g.M - i0);
        var aBuffer = packA ??= GC.AllocateUninitializedArray<float>(MC * KC, pinned: true);
        GemmPacking.PackA(g, i0, mc, p0, kc, aBuffer);
        fixed (float* pa = aBuffer)
        fixed (float* pb = bBuffer)
        fixed (float* pc = g.C)
        {
            for (var jr = 0; jr < nc; jr += nr)
            {
                var ncols = Math.Min(nr, nc - jr);
                var bPanel = pb + ((jr / nr) * nr * kc);
                for (var ir = 0; ir < mc; ir += mr)
                {
                    var nrows = Math.Min(mr, mc - ir);
                    var cTile = pc + ((long)(i0 + ir) * g.Ldc) + j0 + jr;
                    GemmKernels.Tile(kc, pa + ((ir / mr) * mr * kc), bPanel, cTile, g.Ldc, g.Alpha, nrows, ncols);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
