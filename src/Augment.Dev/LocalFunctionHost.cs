using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Augment.App.Hosting;
using Augment.Dev.Durable;
using Augment.Dev.Functions;
using Augment.Dev.Http;
using Augment.Dev.Keys;
using Augment.Dev.Triggers;
using Augment.Pipeline;
using Augment.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augment.Dev;

/// <summary>
/// The local host for offline runs: hosts the Functions app's own <c>[Function]</c> classes — orchestrator and
/// activities on a Durable Task worker behind the gRPC sidecar (DTFx Azure Storage on Azurite, or in memory), HTTP
/// functions as ASP.NET Core endpoints behind the host's key check, the Durable Functions HTTP routes, the blob trigger
/// with receipts per ETag and the timer. It hosts; the app's code is the code that runs in Azure.
/// </summary>
public sealed class LocalFunctionHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DurableSidecar _sidecar;
    private readonly IDisposable? _service;
    private readonly List<BlobTriggerLoop> _blobLoops;
    private readonly List<TimerLoop> _timerLoops = [];

    private LocalFunctionHost(WebApplication app, DurableSidecar sidecar, IDisposable? service, List<BlobTriggerLoop> blobLoops, Uri baseAddress, string key, IReadOnlyList<AppFunction> functions)
    {
        _app = app;
        _sidecar = sidecar;
        _service = service;
        _blobLoops = blobLoops;
        BaseAddress = baseAddress;
        FunctionKey = key;
        Functions = functions;
    }

    /// <summary>The HTTP root (<c>http://127.0.0.1:port/</c>); the API is under <c>api/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key function-level routes require (<c>?code=</c> or <c>x-functions-key</c>).</summary>
    public string FunctionKey { get; }

    /// <summary>Every function the host serves.</summary>
    public IReadOnlyList<AppFunction> Functions { get; }

    /// <summary>The Durable Task client (the one the app's <c>[DurableClient]</c> parameters get).</summary>
    public DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the backend, the sidecar, the worker, the HTTP endpoints and the triggers.</summary>
    /// <exception cref="InvalidOperationException">A function cannot be hosted, or a setting is missing.</exception>
    public static async Task<LocalFunctionHost> StartAsync(LocalHostOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        var functions = FunctionCatalog.Discover(options.AppAssembly);
        foreach (var function in functions)
        {
            FunctionInvoker.Validate(function, BindingNames(function));
        }

        var connection = options.Settings.GetValueOrDefault("AzureWebJobsStorage")
            ?? throw new InvalidOperationException("AzureWebJobsStorage is not set; the local host needs a storage connection string (Azurite).");
        // Keys as the Functions host keeps them (azure-webjobs-secrets/{hostId}/host.json, {function}.json): the same key
        // after a restart on persistent storage. In memory there is no storage to keep them in: a fresh key per start.
        HostKeys? keys = null;
        if (options.Backend == DurableBackend.AzureStorage && options.FunctionKey is null)
        {
            var secrets = new BlobServiceClient(connection, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)).GetBlobContainerClient(HostKeys.SecretsContainer);
            keys = await HostKeys.LoadOrCreateAsync(secrets, options.HostId, functions.Where(f => f.Kind == TriggerKind.Http).Select(f => f.Name), cancellationToken);
        }

        var key = options.FunctionKey ?? keys?.DefaultKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        IDisposable? owned = null;
        IOrchestrationServiceClient serviceClient;
        DurableSidecar sidecar;
        if (options.Backend == DurableBackend.InMemory)
        {
            var memory = TaskHubBackends.InMemory(loggerFactory);
            owned = memory as IDisposable;
            serviceClient = memory;
            // The sidecar dispatches through a wider window than the in-memory service's processor count; queries go to it directly.
            var windowed = new WindowedOrchestrationService(memory, options.TaskHub.MaxConcurrentActivities, options.TaskHub.MaxConcurrentOrchestrations);
            sidecar = await DurableSidecar.StartAsync(windowed, memory, loggerFactory, cancellationToken);
        }
        else
        {
            var storage = await TaskHubBackends.AzureStorageAsync(connection, options.TaskHub, loggerFactory, cancellationToken);
            owned = storage;
            serviceClient = storage;
            // The sidecar's dispatcher never renews a running activity's queue message: renew it here, every half visibility
            // timeout, so a long activity is neither dequeued twice nor completed with a stale pop receipt.
            var renewal = new ActivityLockRenewal(w => storage.RenewTaskActivityWorkItemLockAsync(w), options.TaskHub.VisibilityTimeout / 2, TimeProvider.System,
                loggerFactory.CreateLogger<ActivityLockRenewal>());
            var renewing = new WindowedOrchestrationService(storage, options.TaskHub.MaxConcurrentActivities, options.TaskHub.MaxConcurrentOrchestrations, renewal);
            sidecar = await DurableSidecar.StartAsync(renewing, storage, loggerFactory, cancellationToken);
        }

        // A port chosen by the caller is used as given. Otherwise a free one is probed, which another socket (an outgoing
        // connection takes its local port from the same ephemeral range) can take before Kestrel binds it: then the app is
        // built again on a fresh port. The trainer's status URL names the port, so the app cannot bind port 0 and read it back.
        WebApplication app;
        FunctionInvoker invoker;
        Dictionary<string, string?> settings;
        Uri baseAddress;
        for (var attempt = 1; ; attempt++)
        {
            baseAddress = new Uri($"http://127.0.0.1:{(options.Port != 0 ? options.Port : (options.PortProbe ?? FreePort)())}/");
            try
            {
                (app, invoker, settings) = await BuildAndStartAsync(baseAddress);
                break;
            }
            catch (IOException ex) when (options.Port == 0 && attempt < MaxBindAttempts && ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Lost the race for the probed port; try another.
            }
        }

        async Task<(WebApplication App, FunctionInvoker Invoker, Dictionary<string, string?> Settings)> BuildAndStartAsync(Uri baseAddress)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
            builder.WebHost.UseUrls(baseAddress.GetLeftPart(UriPartial.Authority));
            var settings = new Dictionary<string, string?>(options.Settings, StringComparer.OrdinalIgnoreCase)
            {
                // Trainers watch their run through this host's Durable Functions status route.
                [AppServices.RunStatusUrlSetting] = $"{baseAddress.GetLeftPart(UriPartial.Authority)}{HttpFunctionRoutes.DurableWebhook}/instances/{{runId}}?code={Uri.EscapeDataString(key)}",
            };
            builder.Configuration.AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)));
            builder.Services.AddSingleton<App.Http.IOrchestrationHistory>(new ServiceOrchestrationHistory(serviceClient));
            builder.Services.AddAugmentApp(builder.Configuration, options.Blobs);
            builder.Services.AddSingleton(sp => new FunctionInvoker(sp));
            var converter = new JsonDataConverter(AppServices.Json);
            FunctionInvoker? invoker = null; // set once the app's services are built; the worker asks for it per work item
            FunctionInvoker Invoker() => invoker ?? throw new InvalidOperationException("The local host is not started yet.");
            builder.Services.AddDurableTaskClient(b =>
            {
                b.UseGrpc(sidecar.Channel);
                b.Configure(o => o.DataConverter = converter);
                b.RegisterDirectly();
            });
            builder.Services.AddDurableTaskWorker(b =>
            {
                b.UseGrpc(sidecar.Channel);
                b.Configure(o => o.DataConverter = converter);
                b.AddTasks(r =>
                {
                    r.AddAppFunctions(functions, Invoker);
                    options.AdditionalTasks?.Invoke(r);
                });
            });

            var app = builder.Build();
            invoker = app.Services.GetRequiredService<FunctionInvoker>();
            bool Authorized(HttpContext context, AuthorizationLevel level) => level == AuthorizationLevel.Anonymous
                || (keys is not null
                    ? keys.IsAuthorized(context.Request, (AuthLevel)(int)level, context.GetEndpoint()?.DisplayName)
                    : KeyOf(context.Request) is { } given && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(key)));
            app.MapHttpFunctions(functions, Authorized);
            app.MapDurableWebhook(Authorized);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch
            {
                // Hosted services start before Kestrel binds: stop the worker this app already connected to the sidecar.
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
                throw;
            }

            return (app, invoker, settings);
        }

        var blobs = app.Services.GetRequiredService<IBlobStore>();
        await PipelineRegistration.EnsureContainersAsync(blobs, cancellationToken);
        var loops = new List<BlobTriggerLoop>();
        if (options.RunTriggers)
        {
            var service = new BlobServiceClient(connection, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));
            var poison = new QueueClient(connection, BlobTriggerLoop.PoisonQueueName, new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 });
            foreach (var function in functions.Where(f => f.Kind == TriggerKind.Blob))
            {
                var path = ((BlobTriggerAttribute)function.Trigger).BlobPath;
                var loop = new BlobTriggerLoop(
                    service.GetBlobContainerClient(path[..path.IndexOf('/', StringComparison.Ordinal)]),
                    poison,
                    new BlobTriggerOptions { HostId = options.HostId, FunctionName = function.Name, Path = path, PollingInterval = options.BlobPollingInterval },
                    (invocation, ct) => invoker.InvokeAsync(function, invocation.Blob, invocation.BindingData.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.OrdinalIgnoreCase), ct),
                    loggerFactory.CreateLogger<BlobTriggerLoop>());
                await loop.StartAsync(cancellationToken);
                loops.Add(loop);
            }
        }

        var host = new LocalFunctionHost(app, sidecar, owned, loops, baseAddress, key, functions);
        if (options.RunTriggers)
        {
            var hosts = new BlobServiceClient(connection, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)).GetBlobContainerClient("azure-webjobs-hosts");
            await hosts.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            foreach (var function in functions.Where(f => f.Kind == TriggerKind.Timer))
            {
                var trigger = (TimerTriggerAttribute)function.Trigger;
                var schedule = TimerSchedule.Parse(trigger.Schedule, name => settings.GetValueOrDefault(name));
                var timer = new TimerLoop(
                    hosts,
                    new TimerLoopOptions { HostId = options.HostId, FunctionName = function.Name, Schedule = schedule, RunOnStartup = trigger.RunOnStartup, UseMonitor = trigger.UseMonitor },
                    (fire, ct) => host.Services.GetRequiredService<FunctionInvoker>().InvokeAsync(function, ToTimerInfo(fire), new Dictionary<string, string?>(), ct),
                    loggerFactory.CreateLogger<TimerLoop>());
                await timer.StartAsync(cancellationToken);
                host._timerLoops.Add(timer);
            }
        }

        return host;
    }

    /// <summary>Stops the triggers, the worker, the HTTP endpoints and the sidecar.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var timer in _timerLoops)
        {
            await timer.DisposeAsync();
        }

        foreach (var loop in _blobLoops)
        {
            await loop.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sidecar.DisposeAsync();
        _service?.Dispose();
    }

    /// <summary>The string binding data a function's trigger supplies: route tokens, blob path tokens.</summary>
    private static HashSet<string> BindingNames(AppFunction function)
    {
        var text = function.Trigger switch
        {
            HttpTriggerAttribute http => http.Route ?? "",
            BlobTriggerAttribute blob => blob.BlobPath,
            _ => "",
        };
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"\{\*?([A-Za-z_][A-Za-z0-9_]*)\??(:[^}]*)?\}"))
        {
            names.Add(m.Groups[1].Value);
        }

        return names;
    }

    private static TimerInfo ToTimerInfo(TimerFire fire) => new()
    {
        IsPastDue = fire.IsPastDue,
        ScheduleStatus = fire.ScheduleStatus is { } s ? new ScheduleStatus { Last = s.Last.UtcDateTime, Next = s.Next.UtcDateTime, LastUpdated = s.LastUpdated.UtcDateTime } : null,
    };

    private static string? KeyOf(HttpRequest request) => HostKeys.PresentedKey(request);

    /// <summary>How many probed ports the host tries before it gives up binding (each lost race costs one app build).</summary>
    private const int MaxBindAttempts = 5;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
