using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augment.Tensors.Gemm;

/// <summary>
/// The blocked driver (Goto's scheme): for each NC-wide column block and KC-deep slice, pack op(B), then for each
/// MC-high row block pack α·op(A) and sweep MR×NR micro-tiles. KC is sized so one B sliver fills half of L1d and MC
/// so one packed A block fills half of L2 (<see cref="GemmCache"/>), evened out over the rows. Several threads each
/// run this on their own ranges of C, on <see cref="GemmWorkers"/>' persistent threads (one parallel region per
/// product). Packing buffers are cached per thread.
/// </summary>
internal static unsafe class GemmBlocked
{
    private const int NC = 4096;

    private const int BlocksPerThread = 4;

    // When each team member may pack all of B itself and skip the barriers (see Run).
    private const int PrivateRowsPerMember = 64;

    private const long PrivateMaxProduct = 1L << 25;

    private const int CacheLine = 64;

    private const int AlignFloats = CacheLine / sizeof(float);

    [ThreadStatic]
    private static float[]? packA;

    [ThreadStatic]
    private static float[]? packB;

    [ThreadStatic]
    private static float[]? edgeTile;

    /// <summary>Gets KC for a tile width: a kc×NR B sliver takes half of L1d.</summary>
    public static int DepthFor(int nr) => Math.Clamp(GemmCache.L1Data / 2 / (nr * sizeof(float)) / 8 * 8, 64, 512);

    /// <summary>Gets the largest MC for a depth: an MC×KC A block takes half of L2.</summary>
    public static int MaxRowsFor(int kc) => Math.Clamp(GemmCache.L2 / 2 / (kc * sizeof(float)) / GemmKernels.MR * GemmKernels.MR, 4 * GemmKernels.MR, 1020);

    public static void Run(GemmProblem g, int threads, GemmKernelKind kind)
    {
        var nr = GemmKernels.NR(kind);
        var kcMax = DepthFor(nr);
        var mcMax = MaxRowsFor(kcMax);
        var mBlocks = (g.M + mcMax - 1) / mcMax;
        if (threads > 1)
        {
            // Several blocks per thread, handed out dynamically: on a shared machine a thread that loses its core
            // for a while then holds up the others by one small block, not by half the product.
            // A multiple of the thread count, each block at least two tiles high.
            var wanted = Math.Max(mBlocks, threads * BlocksPerThread);
            mBlocks = Math.Max(1, Math.Min(wanted, g.M / (2 * GemmKernels.MR)));
            if (mBlocks >= threads)
            {
                mBlocks = mBlocks / threads * threads;
            }
        }

        var mc = RoundUp((g.M + mBlocks - 1) / mBlocks, GemmKernels.MR);
        mBlocks = (g.M + mc - 1) / mc;

        // Too few row blocks to share (a short, wide product such as CTGAN's critic, 50 packs × 1,570 inputs): split
        // the columns too, each piece at least two B panels wide; a piece re-packs its rows of A, which are few.
        var panels = (Math.Min(NC, g.N) + nr - 1) / nr;
        var chunks = threads > 1 && mBlocks < 2 * threads
            ? Math.Clamp((threads * BlocksPerThread) / mBlocks, 1, Math.Max(1, panels / 2))
            : 1;
        var panelsPerChunk = (panels + chunks - 1) / chunks;
        chunks = (panels + panelsPerChunk - 1) / panelsPerChunk;
        var bLength = (kcMax * RoundUp(Math.Min(NC, g.N), nr)) + AlignFloats;
        var bBuffer = packB is { } pb && pb.Length >= bLength ? pb : (packB = GC.AllocateUninitializedArray<float>(bLength, pinned: true));
        var sweep = new Sweep(g, kind, nr, kcMax, mc, mBlocks, panelsPerChunk, chunks, (nint)Aligned(bBuffer), bLength);
        var team = Math.Min(threads, mBlocks * chunks);

        // A small product (a training step's weight gradient: 256×128×500, ~100 µs) loses most to the team's two
        // barriers per KC slice. If each member's rows are many (≥ 64 per member, so packing all of B costs it at
        // most 1/64 of its work), each packs B on its own and keeps its own row blocks for every slice: no barrier.
        var alone = team > 1 && chunks == 1 && g.M >= PrivateRowsPerMember * team && (long)g.M * g.N * g.K <= PrivateMaxProduct;
        if (team <= 1 || !GemmWorkers.TryRun(team, t => { if (alone) { sweep.RunAlone(t, team); } else { sweep.Run(t, team); } }))
        {
            sweep.Run(0, 1);
        }

        GC.KeepAlive(bBuffer);
    }

    /// <summary>
    /// One product's loops, run by every thread of the team at once: for each (NC, KC) slice the team packs B's
    /// panels into the shared buffer (a contiguous share each), meets at a barrier, takes (row block, column piece) items off a shared counter, and meets again
    /// before the next slice overwrites B. Every C value is summed over the same KC slices in the same order
    /// whichever thread computes it, so the result is bit-identical for any team size.
    /// </summary>
    private sealed class Sweep(GemmProblem g, GemmKernelKind kind, int nr, int kcMax, int mc, int mBlocks, int panelsPerChunk, int chunks, nint packedB, int bLength)
    {
        // One counter per (NC, KC) slice for the work items: each starts at zero, so no thread has to reset a counter
        // another may still be reading.
        private readonly int[] nextBlock = new int[SliceCount(g, kcMax)];

        /// <summary>
        /// Member <paramref name="member"/>'s part when it works alone: row blocks member, member + team, … for every
        /// slice, with B packed into its own buffer. Each C value is still summed over the slices in order by one
        /// thread, so the bits are those of <see cref="Run"/>.
        /// </summary>
        public void RunAlone(int member, int team)
        {
            var buffer = member == 0 ? null : packB is { } own && own.Length >= bLength ? own : (packB = GC.AllocateUninitializedArray<float>(bLength, pinned: true));
            var bPtr = buffer is null ? (float*)packedB : Aligned(buffer);
            for (var j0 = 0; j0 < g.N; j0 += NC)
            {
                var nc = Math.Min(NC, g.N - j0);
                var bPanels = (nc + nr - 1) / nr;
                for (var p0 = 0; p0 < g.K; p0 += kcMax)
                {
                    var kc = Math.Min(kcMax, g.K - p0);
                    for (var panel = 0; panel < bPanels; panel++)
                    {
                        GemmPacking.PackBPanel(g, nr, j0, nc, p0, kc, panel, bPtr);
                    }

                    for (var block = member; block < mBlocks; block += team)
                    {
                        RowBlock(g, kind, block * mc, Math.Min(mc, g.M - (block * mc)), j0, nc, p0, kc, bPtr);
                    }
                }
            }

            GC.KeepAlive(buffer);
        }

        public void Run(int member, int team)
        {
            var slice = 0;
            for (var j0 = 0; j0 < g.N; j0 += NC)
            {
                var nc = Math.Min(NC, g.N - j0);
                var bPanels = (nc + nr - 1) / nr;
                for (var p0 = 0; p0 < g.K; p0 += kcMax, slice++)
                {
                    var kc = Math.Min(kcMax, g.K - p0);
                    var bPtr = (float*)packedB;
                    if (team == 1)
                    {
                        for (var panel = 0; panel < bPanels; panel++)
                        {
                            GemmPacking.PackBPanel(g, nr, j0, nc, p0, kc, panel, bPtr);
                        }

                        for (var ib = 0; ib < mBlocks; ib++)
                        {
                            RowBlock(g, kind, ib * mc, Math.Min(mc, g.M - (ib * mc)), j0, nc, p0, kc, bPtr);
                        }

                        continue;
                    }

                    // Each member packs one contiguous run of panels: handing panels out one at a time interleaved
                    // the two cores' reads and writes line by line and cost ~20 % at 1024³.
                    for (var panel = member * bPanels / team; panel < (member + 1) * bPanels / team; panel++)
                    {
                        GemmPacking.PackBPanel(g, nr, j0, nc, p0, kc, panel, bPtr);
                    }

                    GemmWorkers.Barrier(team);
                    int item;
                    while ((item = Interlocked.Increment(ref nextBlock[slice]) - 1) < mBlocks * chunks)
                    {
                        var (block, chunk) = Math.DivRem(item, chunks);
                        var firstPanel = chunk * panelsPerChunk;
                        if (firstPanel >= bPanels)
                        {
                            continue;
                        }

                        var jc = firstPanel * nr;
                        RowBlock(g, kind, block * mc, Math.Min(mc, g.M - (block * mc)), j0 + jc, Math.Min(panelsPerChunk * nr, nc - jc), p0, kc, bPtr + ((long)jc * kc));
                    }

                    GemmWorkers.Barrier(team);
                }
            }
        }
    }

    private static int SliceCount(in GemmProblem g, int kcMax) => ((g.N + NC - 1) / NC) * ((g.K + kcMax - 1) / kcMax);

    private static void RowBlock(in GemmProblem g, GemmKernelKind kind, int i0, int mc, int j0, int nc, int p0, int kc, float* pb)
    {
        const int mr = GemmKernels.MR;
        var nr = GemmKernels.NR(kind);
        var aLength = (RoundUp(mc, mr) * kc) + AlignFloats;
        var aBuffer = packA is { } existing && existing.Length >= aLength ? existing : (packA = GC.AllocateUninitializedArray<float>(aLength, pinned: true));
        var tileBuffer = edgeTile ??= GC.AllocateUninitializedArray<float>((mr * 32) + AlignFloats, pinned: true);
        var pa = Aligned(aBuffer);
        var tile = Aligned(tileBuffer);
        GemmPacking.PackA(g, i0, mc, p0, kc, pa);
        fixed (float* pc = g.C)
        {
            nint ldc = g.Ldc;
            for (var jr = 0; jr < nc; jr += nr)
            {
                var cols = Math.Min(nr, nc - jr);
                var bSliver = pb + ((long)jr * kc);
                for (var ir = 0; ir < mc; ir += mr)
                {
                    var rows = Math.Min(mr, mc - ir);
                    var aSliver = pa + ((long)ir * kc);
                    var cTile = pc + ((i0 + ir) * ldc) + j0 + jr;
                    if (rows == mr && cols == nr)
                    {
                        Kernel(kind, kc, aSliver, bSliver, cTile, ldc);
                        continue;
                    }

                    // Edge tile: run the full kernel on a scratch tile holding C's live part, then copy it back.
                    for (var r = 0; r < rows; r++)
                    {
                        new ReadOnlySpan<float>(cTile + (r * ldc), cols).CopyTo(new Span<float>(tile + (r * nr), cols));
                    }

                    Kernel(kind, kc, aSliver, bSliver, tile, nr);
                    for (var r = 0; r < rows; r++)
                    {
                        new ReadOnlySpan<float>(tile + (r * nr), cols).CopyTo(new Span<float>(cTile + (r * ldc), cols));
                    }
                }
            }
        }

        GC.KeepAlive(aBuffer);
        GC.KeepAlive(tileBuffer);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(GemmKernelKind kind, int kc, float* a, float* b, float* c, nint ldc)
    {
        if (kind == GemmKernelKind.Avx512)
        {
            GemmKernels.Kernel512(kc, a, b, c, ldc);
        }
        else
        {
            GemmKernels.Kernel256(kc, a, b, c, ldc);
        }
    }

    // A pinned array's data starts 16 bytes into the object: without this, every other 32-byte load of a packed B
    // sliver would straddle two cache lines.
    private static float* Aligned(float[] buffer)
    {
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((p + (CacheLine - 1)) & ~(nint)(CacheLine - 1));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
