using System.Collections.Concurrent;
using System.Diagnostics;

namespace Augment.Durable.Tests.Azurite;

/// <summary>
/// One <c>Augment.Durable.TestWorker</c> process: started with <c>dotnet</c>, its output lines collected, stopped
/// gracefully by closing its standard input or killed with SIGKILL (<see cref="Process.Kill(bool)"/> on Linux).
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);
    private volatile string? _partitions;

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    /// <summary>The partitions the worker last reported owning (empty before its first report).</summary>
    public IReadOnlyList<int> Partitions => string.IsNullOrEmpty(_partitions) ? [] : _partitions.Split(',').Select(int.Parse).ToArray();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a worker on <paramref name="hub"/>; returns once it printed "ready".</summary>
    public static async Task<WorkerProcess> StartAsync(string connectionString, string hub, string workerId, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Augment.Durable.TestWorker.dll"));
        foreach (var arg in new[] { "--connection", connectionString, "--hub", hub, "--worker-id", workerId }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, workerId);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await worker.WaitForLineAsync(l => l == "ready", TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>Waits until a line (already seen or new) matches <paramref name="predicate"/>.</summary>
    public async Task WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!_lines.Any(predicate))
        {
            if (_process.HasExited && !_lines.Any(predicate))
            {
                throw new InvalidOperationException($"Worker {WorkerId} exited ({_process.ExitCode}): {string.Join(" | ", _lines.TakeLast(10))}");
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Worker {WorkerId}: no matching line within {timeout}. Last: {string.Join(" | ", _lines.TakeLast(10))}");
            }
        }
    }

    /// <summary>SIGKILL: no clean-up of any kind (leases stay until they lapse, received messages stay invisible).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>Graceful stop: closes standard input; the worker stops polling and releases its leases.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        _lineArrived.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("partitions ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ');
            _partitions = parts.Length > 2 ? parts[2] : "";
        }

        _lines.Enqueue(line);
        _lineArrived.Release();
    }
}
