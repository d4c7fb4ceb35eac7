using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Augment.Pipeline.Training;

/// <summary>How the local runner starts the trainer.</summary>
public sealed class LocalProcessRunnerOptions
{
    /// <summary>Executable to start (e.g. <c>dotnet</c> or the published <c>Augment.Trainer</c>). Required.</summary>
    public string FileName { get; init; } = "";

    /// <summary>Arguments before the job spec reference (e.g. <c>["path/Augment.Trainer.dll"]</c> with <c>dotnet</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Folder under which <c>{runId}/trainer.log</c> is written (the local <c>work/</c> area). Required.</summary>
    public string LogDirectory { get; init; } = "";

    /// <summary>Environment every trainer gets, as a container would (storage connection, task hub, partitions).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Time between SIGTERM and a hard kill on stop. Default 10 s.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The default runner: the trainer as a child process with the environment a container gets, its stdout and stderr
/// appended to <c>{LogDirectory}/{runId}/trainer.log</c>; stop sends SIGTERM, then kills the process tree after the
/// grace period.
/// </summary>
public sealed class LocalProcessRunner(LocalProcessRunnerOptions options) : ITrainingJobRunner, IDisposable
{
    /// <summary>The runner kind in handles and in <see cref="AppSettings.TrainingRunner"/>.</summary>
    public const string Kind = "Local";

    private readonly ConcurrentDictionary<string, Child> _children = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byRun = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<TrainingJobHandle> StartAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(options.FileName) || string.IsNullOrEmpty(options.LogDirectory))
        {
            throw new ArgumentException("LocalProcessRunnerOptions needs FileName and LogDirectory.");
        }

        // Activities run at least once: a redelivered start for a run whose trainer is still alive gets that trainer.
        if (_byRun.TryGetValue(request.RunId, out var running) && _children.TryGetValue(running, out var alive) && !alive.Process.HasExited)
        {
            return Task.FromResult(new TrainingJobHandle(Kind, running, null, GpuProbe.Describe()));
        }

        var start = new ProcessStartInfo(options.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in options.Arguments.Append(request.JobSpec))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment.Concat(request.Environment))
        {
            start.Environment[name] = value;
        }

        start.Environment[TrainingEvents.JobSpecVariable] = request.JobSpec;
        var logPath = Path.Combine(options.LogDirectory, request.RunId, "trainer.log");
        PrivateDirectory(options.LogDirectory);
        PrivateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var device = GpuProbe.Describe();
        log.WriteLine($"runner: starting {options.FileName} for run {request.RunId}; device {device}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Dispose();
            process.Dispose();
            throw new TrainingJobException($"Cannot start the trainer '{options.FileName}': {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var id = process.Id.ToString(CultureInfo.InvariantCulture);
        _children[id] = new Child(process, log);
        _byRun[request.RunId] = id;
        return Task.FromResult(new TrainingJobHandle(Kind, id, null, device));
    }

    /// <inheritdoc/>
    public Task<TrainingJobState> GetStateAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!_children.TryGetValue(handle.ExecutionId, out var child))
        {
            return Task.FromResult(TrainingJobState.Unknown);
        }

        if (!child.Process.HasExited)
        {
            return Task.FromResult(TrainingJobState.Running);
        }

        child.Process.WaitForExit(); // drains the redirected output into the log
        return Task.FromResult(child.Stopped ? TrainingJobState.Stopped
            : child.Process.ExitCode == 0 ? TrainingJobState.Succeeded : TrainingJobState.Failed);
    }

    /// <summary>The exit code of a finished child, or null while it runs or when unknown.</summary>
    public int? ExitCode(TrainingJobHandle handle) =>
        handle is not null && _children.TryGetValue(handle.ExecutionId, out var child) && child.Process.HasExited ? child.Process.ExitCode : null;

    /// <inheritdoc/>
    public async Task StopAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!_children.TryGetValue(handle.ExecutionId, out var child) || child.Process.HasExited)
        {
            return;
        }

        child.Stopped = true;
        if (!OperatingSystem.IsWindows())
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", child.Process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            await (term?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(options.StopGracePeriod);
        try
        {
            await child.Process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Process.Kill(entireProcessTree: true);
            await child.Process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Kills children still running and closes their logs.</summary>
    public void Dispose()
    {
        foreach (var child in _children.Values)
        {
            if (!child.Process.HasExited)
            {
                child.Process.Kill(entireProcessTree: true);
                child.Process.WaitForExit();
            }

            child.Process.Dispose();
            child.Log.Dispose();
        }

        _children.Clear();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private sealed class Child(Process process, StreamWriter log)
    {
        public Process Process { get; } = process;

        public StreamWriter Log { get; } = log;

        public bool Stopped { get; set; }
    }

    /// <summary>
    /// Creates a folder only this user can enter (mode 0700 on Unix, also when it already existed wider): trainer logs
    /// name datasets and columns and must not be readable by other users of the machine.
    /// </summary>
    internal static void PrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(path, owner);
        if (File.GetUnixFileMode(path) != owner)
        {
            File.SetUnixFileMode(path, owner);
        }
    }
}
