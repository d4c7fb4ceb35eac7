using Augment.LocalHost.Functions;
using Augment.LocalHost.Handler;
using Augment.LocalHost.Http;
using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Augment.LocalHost.Timers;
using Augment.LocalHost.Triggers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.LocalHost;

/// <summary>
/// The local Functions host: reads the app's functions, starts the handler (unless an invoker is given), and runs
/// one listener per function — blob, timer and queue triggers on storage, HTTP triggers on a Kestrel listener — each
/// calling the handler over the custom-handler contract and applying queue outputs. Disposing stops everything in
/// reverse order, the handler last.
/// </summary>
public sealed partial class LocalFunctionHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<string> _summary = [];

    private LocalFunctionHost(LocalHostOptions options) => Options = options;

    /// <summary>The options it was started with.</summary>
    public LocalHostOptions Options { get; }

    /// <summary>The HTTP listener's API base (<c>http://127.0.0.1:{port}/api/</c>), or null without one.</summary>
    public Uri? ApiBaseAddress { get; private set; }

    /// <summary>The host's keys (function keys, master key).</summary>
    public HostKeys Keys { get; private set; } = null!;

    /// <summary>The handler process, when this host started it.</summary>
    public HandlerProcess? Handler { get; private set; }

    /// <summary>One line per function: name, trigger and what it listens to.</summary>
    public IReadOnlyList<string> Summary => _summary;

    /// <summary>Starts the handler and every listener.</summary>
    /// <exception cref="InvalidOperationException">The handler could not start (its output's tail is in the message).</exception>
    /// <exception cref="InvalidDataException">A function's bindings are unusable (bad schedule, bad path, missing queue name, unknown trigger).</exception>
    public static async Task<LocalFunctionHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        var host = new LocalFunctionHost(options);
        try
        {
            await host.StartCoreAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var loggers = Options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<LocalFunctionHost>();
        var app = Options.App;
        var functions = app.Functions.Where(f => !f.Disabled).ToList();

        IHandlerEndpoint endpoint;
        var invoker = Options.Invoker;
        if (invoker is null)
        {
            Handler = new HandlerProcess(app, Options.Settings, loggers.CreateLogger<HandlerProcess>());
            _owned.Add(Handler);
            await Handler.StartAsync(cancellationToken);
            endpoint = Handler;
            var http = new HttpClient { Timeout = app.Host.FunctionTimeout is { } t ? t + TimeSpan.FromMinutes(1) : Timeout.InfiniteTimeSpan };
            _owned.Add(new DisposeAction(http.Dispose));
            invoker = new HttpFunctionInvoker(http, endpoint, Options.Time, loggers.CreateLogger<HttpFunctionInvoker>());
        }
        else
        {
            endpoint = Options.Invoker as IHandlerEndpoint ?? new FixedHandlerEndpoint(new Uri("http://127.0.0.1:1/"));
        }

        var outputs = new OutputBinder(Options.Queues, loggers.CreateLogger<OutputBinder>());
        Keys = await HostKeys.LoadOrCreateAsync(Options.Blobs, Options.HostId, functions.Select(f => f.Name), cancellationToken);
        foreach (var function in functions)
        {
            var listener = CreateListener(function, invoker, outputs, loggers);
            if (listener is not null)
            {
                _owned.Add(listener.Value.Disposable);
                await listener.Value.Start(cancellationToken);
            }
        }

        if (Options.HttpPort is { } port && functions.Any(f => string.Equals(f.Trigger.Type, BindingTypes.HttpTrigger, StringComparison.OrdinalIgnoreCase)))
        {
            var front = await HttpFrontEnd.StartAsync(app, Keys, invoker, endpoint, port, loggers, cancellationToken);
            _owned.Add(front);
            ApiBaseAddress = front.ApiBaseAddress;
            foreach (var f in functions.Where(f => string.Equals(f.Trigger.Type, BindingTypes.HttpTrigger, StringComparison.OrdinalIgnoreCase)))
            {
                _summary.Add($"{f.Name}: httpTrigger {string.Join(',', f.Trigger.GetList("methods") ?? ["any"])} /{app.Host.RoutePrefix}/{f.Trigger.Get("route") ?? f.Name} ({f.Trigger.Get("authLevel") ?? "function"})");
            }
        }

        LogStarted(logger, functions.Count, Options.HostId);
    }

    private (IAsyncDisposable Disposable, Func<CancellationToken, Task> Start)? CreateListener(FunctionMetadata function, IFunctionInvoker invoker, OutputBinder outputs, ILoggerFactory loggers)
    {
        var trigger = function.Trigger;
        var logger = loggers.CreateLogger("Function." + function.Name);
        async Task InvokeAsync(InvocationRequest request, CancellationToken ct)
        {
            var result = await invoker.InvokeAsync(request, ct);
            await outputs.ApplyAsync(function, result, ct);
        }

        switch (trigger.Type.ToLowerInvariant())
        {
            case "blobtrigger":
            {
                var path = trigger.Get("path") ?? throw new InvalidDataException($"{function.Name}: blobTrigger needs a 'path'.");
                BlobPathPattern pattern;
                try
                {
                    pattern = BlobPathPattern.Parse(path);
                }
                catch (FormatException ex)
                {
                    throw new InvalidDataException($"{function.Name}: {ex.Message}", ex);
                }

                var listener = new BlobTriggerListener(
                    Options.Blobs,
                    Options.Queues,
                    new BlobTriggerOptions
                    {
                        HostId = Options.HostId,
                        FunctionName = function.Name,
                        Container = pattern.Container,
                        Filter = name => pattern.Match(name) is not null,
                        ScanInterval = Options.BlobScanInterval,
                        PoisonThreshold = Options.App.Host.BlobPoisonThreshold,
                    },
                    async (invocation, ct) => await InvokeAsync(
                        await TriggerPayloads.ForBlobAsync(function, pattern, Options.Blobs, Options.BlobEndpoint, invocation, Options.MaxBlobPayloadBytes, ct), ct),
                    logger,
                    Options.Time);
                _summary.Add($"{function.Name}: blobTrigger {path}");
                return (listener, listener.StartAsync);
            }

            case "timertrigger":
            {
                var expression = trigger.Get("schedule") ?? throw new InvalidDataException($"{function.Name}: timerTrigger needs a 'schedule'.");
                if (!CronSchedule.TryParse(expression, out var schedule, out var error))
                {
                    throw new InvalidDataException($"{function.Name}: {error}");
                }

                var listener = new TimerTriggerListener(
                    Options.Blobs,
                    new TimerTriggerOptions
                    {
                        HostId = Options.HostId,
                        FunctionName = function.Name,
                        Schedule = schedule!,
                        RunOnStartup = trigger.GetBool("runOnStartup", false),
                        UseMonitor = HostJson.Bool(trigger.Properties, "useMonitor"),
                        LockAcquirePollInterval = Options.TimerLockPollInterval,
                    },
                    (info, ct) => InvokeAsync(TriggerPayloads.ForTimer(function, info), ct),
                    logger,
                    Options.Time);
                _summary.Add($"{function.Name}: timerTrigger {expression}{(trigger.GetBool("runOnStartup", false) ? " (runOnStartup)" : string.Empty)}");
                return (listener, listener.StartAsync);
            }

            case "queuetrigger":
            {
                var queue = trigger.Get("queueName") ?? throw new InvalidDataException($"{function.Name}: queueTrigger needs a 'queueName'.");
                var host = Options.App.Host;
                var listener = new QueueTriggerListener(
                    Options.Queues,
                    new QueueTriggerOptions
                    {
                        FunctionName = function.Name,
                        QueueName = queue,
                        MaxDequeueCount = host.QueueMaxDequeueCount,
                        BatchSize = host.QueueBatchSize,
                        MaxPollingInterval = Max(Options.QueueMaxPollingInterval ?? host.QueueMaxPollingInterval, Options.QueueMinPollingInterval),
                        MinPollingInterval = Options.QueueMinPollingInterval,
                        VisibilityTimeout = host.QueueVisibilityTimeout,
                    },
                    (message, ct) => InvokeAsync(TriggerPayloads.ForQueue(function, message), ct),
                    logger,
                    Options.Time);
                _summary.Add($"{function.Name}: queueTrigger {queue}");
                return (listener, listener.StartAsync);
            }

            case "httptrigger":
                return null;

            default:
                throw new InvalidDataException($"{function.Name}: trigger type '{trigger.Type}' is not supported by the local host (blobTrigger, timerTrigger, queueTrigger, httpTrigger).");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Stops every listener, then the handler.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "local host '{HostId}' started {Count} functions")]
    private static partial void LogStarted(ILogger logger, int count, string hostId);

    private sealed class DisposeAction(Action action) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            action();
            return ValueTask.CompletedTask;
        }
    }
}
