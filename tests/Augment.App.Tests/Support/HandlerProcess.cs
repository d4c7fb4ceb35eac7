using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Augment.Functions.Tests.Support;

/// <summary>
/// The built handler started the way the Functions host starts it: <c>dotnet Augment.Functions.dll</c> in the app
/// root with <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set, then <c>GET /</c> every 25 ms until any HTTP answer.
/// Disposing kills exactly this process (tree).
/// </summary>
internal sealed class HandlerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HandlerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Process Launch(IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Augment.Functions.dll"));
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        start.Environment.Remove("AzureWebJobsStorage");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Starts the handler and waits for readiness; returns it with the time readiness took.</summary>
    public static async Task<(HandlerProcess Handler, TimeSpan Ready)> StartAsync(string connectionString)
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();
        var process = Launch(new Dictionary<string, string?>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AzureWebJobsStorage"] = connectionString,
        });
        var handler = new HandlerProcess(process, port);
        process.OutputDataReceived += (_, e) => handler.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The handler exited with {process.ExitCode}: {handler.Output}");
            }

            try
            {
                using var _ = await probe.GetAsync(handler.Http.BaseAddress);
                return (handler, clock.Elapsed);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(25);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(25);
            }
        }

        await handler.DisposeAsync();
        throw new TimeoutException("The handler did not answer GET / within 60 s.");
    }

    public async Task<HttpResponseMessage> InvokeAsync(string functionName, string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        return await Http.PostAsync("/" + functionName, content);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
