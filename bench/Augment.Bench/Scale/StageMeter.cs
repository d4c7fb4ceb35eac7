using System.Diagnostics;
using System.Globalization;

namespace Augment.Bench.Scale;

/// <summary>
/// Measures one stage in this process: wall seconds, bytes allocated (<see cref="GC.GetTotalAllocatedBytes"/>) and the
/// peak resident set while it ran — before it a compacting GC returns free memory and the kernel's high-water mark is
/// reset (<c>/proc/self/clear_refs</c> ← 5, Linux ≥ 4.0), after it VmHWM is read from <c>/proc/self/status</c>. So a
/// stage's peak includes the runtime and what earlier stages left alive, as it would in a host that runs them in turn.
/// </summary>
internal static class StageMeter
{
    public static async Task<StageFigures> MeasureAsync(string stage, Func<Task<long>> run)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var reset = TryResetPeak();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var rows = await run();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        var peakMb = (reset ? ReadKb("VmHWM") : Process.GetCurrentProcess().PeakWorkingSet64 / 1024) / 1024.0;
        return new StageFigures(stage, seconds, cpuSeconds, peakMb, allocatedMb, rows, reset);
    }

    /// <summary>The peak resident set since the last reset (VmHWM), in MB.</summary>
    public static double PeakMb() => ReadKb("VmHWM") / 1024.0;

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024;
    }
}

/// <summary>One stage's figures: wall seconds, CPU seconds of the process (all threads: on a loaded machine the steadier
/// figure), peak resident MB while it ran, MB allocated, rows it produced.</summary>
internal sealed record StageFigures(string Stage, double Seconds, double CpuSeconds, double PeakMb, double AllocatedMb, long Rows, bool PeakIsPerStage);
