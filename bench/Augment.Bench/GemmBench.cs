using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Augment.Tensors.Gemm;

namespace Augment.Bench;

/// <summary>
/// The <c>gemm</c> suite: our SGEMM GFLOPS at n³ (best of several runs, 2 threads by default), OpenBLAS sgemm via
/// NumPy when a python3 with NumPy is found (same run, same thread count), and the machine's FMA peak estimated as
/// threads × (vector FMAs per second per core: the best of ten short bursts of a tight loop of independent FMAs)
/// × lanes × 2.
/// Options: <c>--size 1024 --threads 2 --runs 7</c>. Ends with one JSON line.
/// </summary>
internal static class GemmBench
{
    private static readonly int[] SmallSizes = [256, 512];

    public static Task<int> RunAsync(string[] args)
    {
        var size = Option(args, "--size", 1024);
        var threads = Option(args, "--threads", 2);
        var runs = Option(args, "--runs", 7);
        Blas.MaxThreads = threads;
        Console.WriteLine($"gemm: {size}³ float32, {threads} threads, best of {runs}; kernel {Blas.Kernel}, {Environment.ProcessorCount} logical CPUs");
        foreach (var n in SmallSizes.Where(n => n < size))
        {
            Console.WriteLine($"  ours    {n,5}³: {Ours(n, runs),7:F1} GFLOPS");
        }

        var ours = Ours(size, runs);
        Console.WriteLine($"  ours    {size,5}³: {ours,7:F1} GFLOPS");
        var openBlas = OpenBlas(size, threads, runs);
        Console.WriteLine(openBlas is { } ob ? $"  OpenBLAS {size,4}³: {ob,7:F1} GFLOPS (NumPy)  → ours/OpenBLAS = {ours / ob:F2}" : "  OpenBLAS: no python3 with NumPy found; skipped");
        var (peak, perCore) = FmaPeak(threads);
        Console.WriteLine($"  FMA peak: {threads} cores × {perCore / 1e9:F2} G vector-FMA/s × {Lanes} lanes × 2 = {peak:F1} GFLOPS (ours = {ours / peak:P0} of peak)");
        Console.WriteLine("  (the machine is shared: other processes lower every figure, OpenBLAS's and the peak's too)");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"gflops_1024\":{ours:F2},\"openblas_gflops_1024\":{(openBlas is { } o ? o.ToString("F2", CultureInfo.InvariantCulture) : "null")},\"peak_gflops\":{peak:F2}}}"));
        return Task.FromResult(0);
    }

    private static int Lanes => Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1;

    private static double Ours(int n, int runs)
    {
        var rng = new Random(1);
        var a = Enumerable.Range(0, n * n).Select(_ => rng.NextSingle()).ToArray();
        var b = Enumerable.Range(0, n * n).Select(_ => rng.NextSingle()).ToArray();
        var c = new float[n * n];
        Blas.Gemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
        var best = double.MaxValue;
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            Blas.Gemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return 2.0 * n * n * n / best / 1e9;
    }

    private static double? OpenBlas(int n, int threads, int runs)
    {
        var script = string.Create(
            CultureInfo.InvariantCulture,
            $"import numpy as np, time\nrng=np.random.default_rng(1)\na=rng.random(({n},{n}),dtype=np.float32)\nb=rng.random(({n},{n}),dtype=np.float32)\na@b\nbest=1e9\nfor _ in range({runs}):\n t=time.perf_counter(); a@b; best=min(best,time.perf_counter()-t)\nprint(2*{n}**3/best/1e9)\n");
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add("-");
                start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
                start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
                using var process = Process.Start(start)!;
                process.StandardInput.Write(script);
                process.StandardInput.Close();
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode == 0 && double.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var gflops))
                {
                    return gflops;
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
                var sink = Vector512.IsHardwareAccelerated ? Loop512(iterations) : Loop256(iterations);
                var seconds = sw.Elapsed.TotalSeconds;
                GC.KeepAlive(sink);
                best = Math.Max(best, iterations * 10 / seconds);
            }

            rates[t] = best;
        });
        var perCore = rates.Average();
        return (perCore * threads * Lanes * 2 / 1e9, perCore);
    }

    // Ten independent accumulators hide the FMA latency; each iteration issues ten vector FMAs.
    private static float Loop512(long iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }

    private static float Loop256(long iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
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
