using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.LocalHost.Handler;

/// <summary>
/// The custom handler's process, started as the Functions host starts it (CONTRACTS.md §1.1): the program from
/// <c>customHandler.description</c> (made absolute when it exists under the app root, else looked up on PATH), its
/// arguments with <c>%Setting%</c> expanded, the app settings as environment variables plus
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> (a free port), <c>FUNCTIONS_HTTPWORKER_PORT</c>, the worker ids and
/// <c>FUNCTIONS_APP_ROOT_PATH</c>. Ready when <c>GET /</c> gets any HTTP answer (polled every 25 ms). If the process
/// dies it is restarted on the next call, at most <see cref="MaxRestarts"/> times; errors carry its output's tail.
/// </summary>
public sealed partial class HandlerProcess : IHandlerEndpoint, IAsyncDisposable
{
    /// <summary>How many times a dead handler is restarted before calls fail for good.</summary>
    public const int MaxRestarts = 5;

    private readonly FunctionApp _app;
    private readonly AppSettings _settings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TailBuffer _tail = new(40);
    private Process? _process;
    private Uri? _address;
    private int _starts;
    private bool _disposed;

    /// <summary>Creates (does not start) the handler of <paramref name="app"/>.</summary>
    public HandlerProcess(FunctionApp app, AppSettings settings, ILogger? logger = null)
    {
        if (app.Host.Handler is null)
        {
            throw new InvalidDataException($"{Path.Combine(app.RootPath, "host.json")} has no customHandler.description: there is no handler to start.");
        }

        _app = app;
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The port the handler was told to listen on (0 before the first start).</summary>
    public int Port { get; private set; }

    /// <summary>The process id of the running handler, or null.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The last lines the handler wrote (stdout and stderr together).</summary>
    public string OutputTail => _tail.ToString();

    /// <summary>Starts the handler and waits until it answers its readiness probe.</summary>
    /// <exception cref="InvalidOperationException">It could not start, exited, or did not answer in time (its output's tail is in the message).</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => GetBaseAddressAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<Uri> GetBaseAddressAsync(CancellationToken cancellationToken = default)
    {
        if (_address is { } ready && _process is { HasExited: false })
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_address is { } again && _process is { HasExited: false })
            {
                return again;
            }

            if (_process is { HasExited: true } dead)
            {
                LogDied(_logger, dead.ExitCode, _tail.ToString());
                dead.Dispose();
                _process = null;
                _address = null;
                if (_starts > MaxRestarts)
                {
                    throw new InvalidOperationException($"the handler exited (code {dead.ExitCode}) and was already restarted {MaxRestarts} times; last output:\n{_tail}");
                }
            }

            return await LaunchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Uri> LaunchAsync(CancellationToken cancellationToken)
    {
        var description = _app.Host.Handler!;
        Port = FreePort();
        var start = new ProcessStartInfo(ResolveExecutable(description.DefaultExecutablePath))
        {
            WorkingDirectory = description.WorkingDirectory is { Length: > 0 } wd ? Path.GetFullPath(Path.Combine(_app.RootPath, wd)) : _app.RootPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in description.Arguments)
        {
            start.ArgumentList.Add(_settings.Resolve(arg));
        }

        if (description.DefaultWorkerPath is { Length: > 0 } worker)
        {
            start.ArgumentList.Add(Path.GetFullPath(Path.Combine(_app.RootPath, _settings.Resolve(worker))));
        }

        foreach (var (name, value) in _settings.Values)
        {
            start.Environment[name] = value;
        }

        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workerId = Guid.NewGuid().ToString();
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port;
        start.Environment["FUNCTIONS_HTTPWORKER_PORT"] = port;
        start.Environment["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = workerId;
        start.Environment["FUNCTIONS_HTTPWORKER_ID"] = workerId;
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = _app.RootPath;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => _tail.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _tail.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"the handler '{start.FileName}' could not be started: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _starts++;
        var address = new Uri($"http://127.0.0.1:{port}/");
        await WaitReadyAsync(process, address, cancellationToken);
        LogReady(_logger, process.Id, Port);
        _address = address;
        return address;
    }

    private async Task WaitReadyAsync(Process process, Uri address, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_app.Host.InitializationTimeout);
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    await process.WaitForExitAsync(CancellationToken.None);
                    throw new InvalidOperationException($"the handler exited with code {process.ExitCode} before it answered on port {Port}; last output:\n{_tail}");
                }

                try
                {
                    using var response = await http.GetAsync(address, deadline.Token);
                    return; // Any HTTP answer means ready.
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(25, deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new InvalidOperationException($"the handler did not answer on port {Port} within {_app.Host.InitializationTimeout}; last output:\n{_tail}");
        }
    }

    private string ResolveExecutable(string path)
    {
        var resolved = _settings.Resolve(path);
        var underRoot = Path.GetFullPath(Path.Combine(_app.RootPath, resolved));
        return File.Exists(underRoot) ? underRoot : resolved;
    }

    /// <summary>A TCP port that was free a moment ago (bound to port 0, then released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the handler (its whole process tree).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_process is { } process)
            {
                Kill(process);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                }

                process.Dispose();
                _process = null;
            }
        }
        finally
        {
            _gate.Release();
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
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "handler process {ProcessId} ready on port {Port}")]
    private static partial void LogReady(ILogger logger, int processId, int port);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "handler exited with code {ExitCode}; restarting. Last output:\n{Tail}")]
    private static partial void LogDied(ILogger logger, int exitCode, string tail);

    /// <summary>The last lines of the handler's output, thread-safe.</summary>
    private sealed class TailBuffer(int capacity)
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }
}
