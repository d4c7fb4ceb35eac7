using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Augment.Storage;

/// <summary>
/// A private Azurite (from the repository's <c>node_modules</c>) running in memory on free ports. Azurite is started
/// with port 0 for each service and the ports it actually bound are read from its "listening at" lines, so two
/// emulators (or anything else) never race for a port. Disposing kills the whole process tree.
/// </summary>
public sealed partial class AzuriteEmulator : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workspace;
    private int _disposed;

    private AzuriteEmulator(Process process, string workspace, Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint)
    {
        _process = process;
        _workspace = workspace;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
        // The well-known development account key (public, documented by Azurite) and explicit endpoints for all three
        // services: the Durable Task Azure Storage backend keeps its instance and history tables in the table service.
        ConnectionString = string.Join(';',
            "DefaultEndpointsProtocol=http",
            "AccountName=" + DevelopmentAccountName,
            "AccountKey=" + DevelopmentAccountKey,
            "BlobEndpoint=" + blobEndpoint.AbsoluteUri.TrimEnd('/'),
            "QueueEndpoint=" + queueEndpoint.AbsoluteUri.TrimEnd('/'),
            "TableEndpoint=" + tableEndpoint.AbsoluteUri.TrimEnd('/')) + ";";
    }

    /// <summary>Azurite's well-known account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known, public account key.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The table endpoint, path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>The blob endpoint, path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The queue endpoint, path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>A connection string with explicit endpoints for the well-known <c>devstoreaccount1</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The Azurite process id (its tree is killed on dispose).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts Azurite, installing it first with <c>npm ci</c> when needed, and waits until blob and queue answer.</summary>
    /// <exception cref="InvalidOperationException">Node/npm are missing, the install failed, or Azurite did not start in time.</exception>
    public static async Task<AzuriteEmulator> StartAsync(AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        var root = options.RepositoryRoot ?? AzuriteInstaller.FindRepositoryRoot();
        string script;
        using (var install = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A first install downloads packages: it gets its own, longer limit than the emulator's start.
            install.CancelAfter(NodeTooling.InstallTimeout);
            script = await AzuriteInstaller.EnsureInstalledAsync(root, options.InstallIfMissing, install.Token, options.Progress).ConfigureAwait(false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);

        var workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (options.Location is not null && options.ExtentMemoryLimitMb is not null)
        {
            throw new ArgumentException("Azurite rejects --extentMemoryLimit together with --location.", nameof(options));
        }

        string[] persistence = options.Location is null ? ["--inMemoryPersistence"] : ["--location", Directory.CreateDirectory(options.Location).FullName];
        foreach (var arg in persistence.Concat(
        [
            "--skipApiVersionCheck", "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", Port(options.BlobPort), "--queuePort", Port(options.QueuePort), "--tablePort", "0",
        ]).Prepend(script))
        {
            start.ArgumentList.Add(arg);
        }

        if (options.ExtentMemoryLimitMb is { } limit)
        {
            start.ArgumentList.Add("--extentMemoryLimit");
            start.ArgumentList.Add(limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var watcher = new StartupWatcher();
        Process process;
        try
        {
            process = new Process { StartInfo = start, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => watcher.OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => watcher.OnLine(e.Data);
            process.Exited += (_, _) => watcher.OnExited();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        catch (Win32Exception ex)
        {
            Directory.Delete(workspace, recursive: true);
            throw new InvalidOperationException("Node.js was not found on PATH; Azurite needs Node.js 20 or later.", ex);
        }

        var emulator = default(AzuriteEmulator);
        try
        {
            var (blobPort, queuePort, tablePort) = await watcher.Ports.WaitAsync(timeout.Token).ConfigureAwait(false);
            emulator = new AzuriteEmulator(
                process, workspace,
                new Uri($"http://127.0.0.1:{blobPort}/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:{queuePort}/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:{tablePort}/{DevelopmentAccountName}"));
            await WaitUntilAnsweringAsync(emulator, timeout.Token).ConfigureAwait(false);
            return emulator;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or HttpRequestException)
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                Kill(process);
                process.Dispose();
                TryDelete(workspace);
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"Azurite did not start within {options.StartTimeout}. Output:\n{watcher.Output}", ex);
        }
    }

    /// <summary>Kills the Azurite process tree and removes its scratch folder.</summary>
    public ValueTask DisposeAsync() => StopAsync(graceful: false);

    /// <summary>
    /// Stops Azurite. <paramref name="graceful"/> sends SIGTERM first (Azurite then flushes a persisted
    /// <see cref="AzuriteOptions.Location"/>) and waits up to 10 s before killing the tree; otherwise it kills at once.
    /// </summary>
    public async ValueTask StopAsync(bool graceful)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (graceful && !OperatingSystem.IsWindows() && await TerminateAsync(_process.Id).ConfigureAwait(false))
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Falls through to the kill.
            }
        }

        Kill(_process);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Best effort: the OS reaps it.
            }
        }

        _process.Dispose();
        TryDelete(_workspace);
    }

    private static async Task WaitUntilAnsweringAsync(AzuriteEmulator emulator, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var endpoint in new[] { emulator.BlobEndpoint, emulator.QueueEndpoint })
        {
            while (true)
            {
                try
                {
                    // Any HTTP answer (an unauthenticated request gets 403) means the service is up.
                    using var response = await http.GetAsync(endpoint + "?comp=list", cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sends SIGTERM with <c>kill</c>; false when that could not be run.</summary>
    private static async Task<bool> TerminateAsync(int processId)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Port(processId)]) { UseShellExecute = false });
            if (kill is null)
            {
                return false;
            }

            await kill.WaitForExitAsync().ConfigureAwait(false);
            return kill.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at https?://[^:]+:(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Collects Azurite's output and completes once both ports are known (or fails when it exits first).</summary>
    private sealed class StartupWatcher
    {
        private readonly object _gate = new();
        private readonly Queue<string> _lines = new();
        private readonly TaskCompletionSource<(int Blob, int Queue, int Table)> _ports = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int? _blob;
        private int? _queue;
        private int? _table;

        public Task<(int Blob, int Queue, int Table)> Ports => _ports.Task;

        public string Output
        {
            get
            {
                lock (_gate)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 50)
                {
                    _lines.Dequeue();
                }

                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    var port = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                    switch (match.Groups[1].Value)
                    {
                        case "Blob":
                            _blob = port;
                            break;
                        case "Queue":
                            _queue = port;
                            break;
                        default:
                            _table = port;
                            break;
                    }
                }

                if (_blob is { } blob && _queue is { } queue && _table is { } table)
                {
                    _ports.TrySetResult((blob, queue, table));
                }
            }
        }

        public void OnExited() =>
            _ports.TrySetException(new InvalidOperationException("Azurite exited before it was listening."));
    }
}
