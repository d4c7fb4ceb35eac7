using System.Net.Sockets;
using Augment.Durable;
using Augment.LocalHost;
using Augment.LocalHost.Metadata;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Cli.Hosting;

/// <summary>
/// Storage (a private Azurite unless <c>AzureWebJobsStorage</c> names a reachable account), the local Functions host
/// and the custom handler it starts, plus a durable client on the same task hub for following runs. Disposing stops
/// the host, the handler and the emulator.
/// </summary>
internal sealed class FunctionsHostRuntime : IAsyncDisposable
{
    private readonly AzuriteEmulator? _azurite;
    private readonly AzureStorageOrchestrationService _service;

    private FunctionsHostRuntime(AzuriteEmulator? azurite, IBlobStore blobs, LocalFunctionHost host, AzureStorageOrchestrationService service, string storageDescription)
    {
        _azurite = azurite;
        Blobs = blobs;
        Host = host;
        _service = service;
        Client = new DurableTaskClient(service);
        StorageDescription = storageDescription;
    }

    public IBlobStore Blobs { get; }

    public LocalFunctionHost Host { get; }

    public DurableTaskClient Client { get; }

    public string StorageDescription { get; }

    /// <summary>App settings used when neither local.settings.json nor the environment sets them (as in local.settings.sample.json).</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "Custom",
        ["NightlySchedule"] = "0 0 2 * * *",
        // The demo trains through the local process runner: a separate Augment.Trainer process per run.
        ["Augment__Training__Runner"] = "Local",
    };

    /// <summary>Settings for <see cref="StartAsync"/>.</summary>
    public sealed record Settings(string AppPath, string? LocalSettingsPath, int? HttpPort, TimeSpan BlobScanInterval, TimeSpan? QueueMaxPollingInterval, ILoggerFactory Loggers);

    public static async Task<FunctionsHostRuntime> StartAsync(Settings settings, CancellationToken cancellationToken)
    {
        var appSettings = AppSettings.Load(settings.LocalSettingsPath);
        foreach (var (name, value) in Defaults)
        {
            if (appSettings[name] is null)
            {
                appSettings = appSettings.With(name, value);
            }
        }

        AzuriteEmulator? azurite = null;
        var connection = appSettings["AzureWebJobsStorage"];
        string description;
        if (connection is null || (IsDevelopmentStorage(connection) && !await AnswersAsync(10000, cancellationToken)))
        {
            azurite = await AzuriteEmulator.StartAsync(cancellationToken: cancellationToken);
            connection = azurite.ConnectionString;
            appSettings = appSettings.With("AzureWebJobsStorage", connection);
            description = $"Azurite (in memory) blob {azurite.BlobEndpoint}, queue {azurite.QueueEndpoint}";
        }
        else
        {
            description = IsDevelopmentStorage(connection) ? "Azurite on its default ports (UseDevelopmentStorage=true)" : "the account in AzureWebJobsStorage";
        }

        try
        {
            var parsed = StorageConnectionString.Parse(connection);
            var (blobs, queues) = StorageClients.FromConnectionString(connection);
            var app = FunctionAppLoader.Load(settings.AppPath, appSettings);
            var durable = new DurableTaskOptions
            {
                TaskHub = appSettings["Augment__TaskHub"] ?? "augment",
                PartitionCount = int.TryParse(appSettings["Augment__PartitionCount"], out var partitions) ? partitions : 4,
            };
            var service = new AzureStorageOrchestrationService(blobs, queues, durable);
            var host = await LocalFunctionHost.StartAsync(
                new LocalHostOptions
                {
                    App = app,
                    Settings = appSettings,
                    Blobs = blobs,
                    Queues = queues,
                    BlobEndpoint = parsed.BlobEndpoint,
                    HttpPort = settings.HttpPort,
                    BlobScanInterval = settings.BlobScanInterval,
                    QueueMaxPollingInterval = settings.QueueMaxPollingInterval,
                    LoggerFactory = settings.Loggers,
                },
                cancellationToken);
            return new FunctionsHostRuntime(azurite, blobs, host, service, description);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    private static bool IsDevelopmentStorage(string connection) =>
        connection.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _service.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
