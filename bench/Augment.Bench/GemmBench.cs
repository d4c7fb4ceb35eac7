using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Augment.Tensors.Gemm;

namespace Augment.Bench;

/// <summary>
/// The <c>gemm</c> suite: our SGEMM GFLOPS at n³ and at the shapes TVAE/CTGAN run (batch 500 × 128–256 wide:
/// forward X·Wᵀ, weight gradient dYᵀ·X, input gradient dY·W), each after a 0.3 s warm-up, best of several runs in
/// each of two passes interleaved with OpenBLAS's, 2 threads by default; OpenBLAS
/// sgemm via NumPy on the same shapes in the same run when a python3 with NumPy is found (same thread count;
/// <c>OPENBLAS_CORETYPE</c> and <c>OPENBLAS_L2_SIZE</c> removed from its environment so OpenBLAS picks its own
/// kernel); and the machine's FMA peak, measured: threads × (vector FMAs per second per core: the best of ten
/// short bursts of a loop of twelve independent FMA chains) × lanes × 2.
/// Options: <c>--size 1024 --threads 2 --runs 7</c>. Ends with one JSON line naming the CPU and kernel.
/// </summary>
internal static class GemmBench
{
    // Each shape runs for this long untimed first, ours and OpenBLAS's alike: the JIT's tiers and both libraries'
    // threads settle, as they have in a training run that makes millions of calls.
    private const double WarmUpSeconds = 0.3;

    // Work per timed run (≈ 5–10 ms at these speeds), so timer resolution and one stray interruption matter little.
    private const double FlopsPerRun = 1e9;

    private static readonly int[] SmallSizes = [256, 512];

    // (label, transA, transB, m, n, k): Linear's three products at TVAE/CTGAN widths, batch 500.
    private static readonly (string Label, bool TransA, bool TransB, int M, int N, int K)[] ModelShapes =
    [
        ("fwd X·Wt  500x256x128", false, true, 500, 256, 128),
        ("fwd X·Wt  500x128x256", false, true, 500, 128, 256),
        ("dW dYt·X  256x128x500", true, false, 256, 128, 500),
        ("dW dYt·X  128x256x500", true, false, 128, 256, 500),
        ("dX dY·W   500x128x256", false, false, 500, 128, 256),
    ];

    public static Task<int> RunAsync(string[] args)
    {
        var size = Option(args, "--size", 1024);
        var threads = Option(args, "--threads", 2);
        var runs = Option(args, "--runs", 7);
        Blas.MaxThreads = threads;
        var cpu = CpuModel();
        Console.WriteLine($"gemm: {size}³ float32, {threads} threads, best of {runs}; kernel {Blas.Kernel}, {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine($"  CPU: {cpu}; AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}, AVX-512F {Avx512F.IsSupported}; L1d {Blas.L1DataBytes / 1024} KiB, L2 {Blas.L2Bytes / 1024} KiB");
        foreach (var n in SmallSizes.Where(n => n < size))
        {
            Console.WriteLine($"  ours    {n,5}³: {Ours((false, false, n, n, n), runs),7:F1} GFLOPS");
        }

        var square = (false, false, size, size, size);
        // Two passes each, interleaved (ours, OpenBLAS, ours, OpenBLAS), best of both per side: on a shared machine
        // the load changes within seconds, and one pass each would compare two different machines.
        var shapes = ModelShapes.Select(s => (s.TransA, s.TransB, s.M, s.N, s.K)).Prepend(square).ToArray();
        var oursAll = shapes.Select(s => Ours(s, runs)).ToArray();
        var blas = OpenBlas(shapes, threads, runs);
        oursAll = shapes.Select((s, i) => Math.Max(oursAll[i], Ours(s, runs))).ToArray();
        if (blas is not null && OpenBlas(shapes, threads, runs) is { } second)
        {
            blas = blas.Select((v, i) => Math.Max(v, second[i])).ToArray();
        }

        var ours = oursAll[0];
        var openBlas = blas?[0];
        Console.WriteLine($"  ours    {size,5}³: {ours,7:F1} GFLOPS");
        Console.WriteLine(openBlas is { } ob ? $"  OpenBLAS {size,4}³: {ob,7:F1} GFLOPS (NumPy)  → ours/OpenBLAS = {ours / ob:F2}" : "  OpenBLAS: no python3 with NumPy found; skipped");
        var ratios = new List<double>();
        for (var i = 0; i < ModelShapes.Length; i++)
        {
            var s = ModelShapes[i];
            var g = oursAll[i + 1];
            var o = blas?[i + 1];
            if (o is { } ov)
            {
                ratios.Add(g / ov);
            }

            Console.WriteLine(o is { } v
                ? $"  {s.Label}: ours {g,6:F1}, OpenBLAS {v,6:F1} GFLOPS → {g / v:F2}"
                : $"  {s.Label}: ours {g,6:F1} GFLOPS");
        }

        double? modelRatio = ratios.Count > 0 ? Math.Exp(ratios.Average(Math.Log)) : null;
        if (modelRatio is { } mr)
        {
            Console.WriteLine($"  TVAE/CTGAN shapes: ours/OpenBLAS geometric mean {mr:F2}, worst {ratios.Min():F2}");
        }

        var (peak, perCore) = FmaPeak(threads);
        Console.WriteLine($"  FMA peak (measured): {threads} cores × {perCore / 1e9:F2} G vector-FMA/s × {Lanes} lanes × 2 = {peak:F1} GFLOPS (ours = {ours / peak:P0} of peak)");
        Console.WriteLine("  (the machine is shared: other processes lower every figure, OpenBLAS's and the peak's too)");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"cpu\":\"{Escape(cpu)}\",\"avx2\":{Lower(Avx2.IsSupported && Fma.IsSupported)},\"avx512f\":{Lower(Avx512F.IsSupported)},\"kernel\":\"{Blas.Kernel}\",\"threads\":{threads},\"gflops_1024\":{ours:F2},\"openblas_gflops_1024\":{Json(openBlas)},\"ratio_1024\":{Json(openBlas is { } r ? ours / r : null)},\"model_shapes_ratio_geomean\":{Json(modelRatio)},\"model_shapes_ratio_min\":{Json(ratios.Count > 0 ? ratios.Min() : null)},\"peak_gflops\":{peak:F2}}}"));
        return Task.FromResult(0);
    }

    private static int Lanes => Blas.Kernel switch
    {
        "avx512" => 16,
        "avx2" => 8,
        _ => Vector256.IsHardwareAccelerated ? 8 : 1,
    };

    private static string Lower(bool value) => value ? "true" : "false";

    private static string Json(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "null";

    internal static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    internal static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }

        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static double Ours((bool TransA, bool TransB, int M, int N, int K) s, int runs)
    {
        var rng = new Random(1);
        var a = Enumerable.Range(0, s.M * s.K).Select(_ => rng.NextSingle()).ToArray();
        var b = Enumerable.Range(0, s.K * s.N).Select(_ => rng.NextSingle()).ToArray();
        var c = new float[s.M * s.N];
        var lda = s.TransA ? s.M : s.K;
        var ldb = s.TransB ? s.K : s.N;
        var flops = 2.0 * s.M * s.N * s.K;
        var reps = Math.Max(1, (int)(FlopsPerRun / flops));
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < WarmUpSeconds)
        {
            Blas.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, s.N);
        }
        var best = double.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < reps; i++)
            {
                Blas.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, s.N);
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }

        return flops / best / 1e9;
    }

    private static double[]? OpenBlas((bool TransA, bool TransB, int M, int N, int K)[] shapes, int threads, int runs)
    {
        var list = string.Join(",", shapes.Select(s => string.Create(CultureInfo.InvariantCulture, $"({(s.TransA ? 1 : 0)},{(s.TransB ? 1 : 0)},{s.M},{s.N},{s.K})")));
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"import numpy as np, time\nrng=np.random.default_rng(1)\nfor ta,tb,m,n,k in [{list}]:\n a=rng.random((k,m) if ta else (m,k),dtype=np.float32)\n b=rng.random((n,k) if tb else (k,n),dtype=np.float32)\n A=a.T if ta else a\n B=b.T if tb else b\n w=time.perf_counter()\n while time.perf_counter()-w<{WarmUpSeconds}: A@B\n reps=max(1,int({FlopsPerRun:0}/(2*m*n*k)))\n best=1e9\n for _ in range({runs}):\n  t=time.perf_counter()\n  for _ in range(reps): A@B\n  best=min(best,(time.perf_counter()-t)/reps)\n print(2*m*n*k/best/1e9)\n");
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add("-");
                start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
                start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
                start.Environment.Remove("OPENBLAS_CORETYPE");
                start.Environment.Remove("OPENBLAS_L2_SIZE");
                using var process = Process.Start(start)!;
                process.StandardInput.Write(script);
                process.StandardInput.Close();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(l => double.TryParse(l, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
                if (process.ExitCode == 0 && values.Length == shapes.Length && values.All(double.IsFinite))
                {
                    return values;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // this python is not installed; try the next
            }
        }

        return null;
    }

    private static (double Peak, double FmaPerSecondPerCore) FmaPeak(int threads)
    {
        const long iterations = 5_000_000;
        var rates = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var best = 0.0;
            for (var r = 0; r < 10; r++)
            {
                var sw = Stopwatch.StartNew();
                var sink = Lanes == 16 ? Loop512(iterations) : Loop256(iterations);
                var seconds = sw.Elapsed.TotalSeconds;
                GC.KeepAlive(sink);
                best = Math.Max(best, iterations * 12 / seconds);
            }

            rates[t] = best;
        });
        var perCore = rates.Average();
        return (perCore * threads * Lanes * 2 / 1e9, perCore);
    }

    // Twelve independent chains cover FMA latency × units (4 × 2 on Zen 3, 4 × 2 on Skylake-X): each iteration
    // issues twelve vector FMAs with no dependency between them, so the loop runs at the FMA units' throughput.
    private static float Loop512(long iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Loop256(long iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0)
        {
            return fallback;
        }

        return i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ArgumentException($"{name} needs a positive whole number.");
    }
}
