using System.Net.Sockets;
using System.Text.Json;
using Augment.Dev;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Augment.Cli.Hosting;

/// <summary>
/// Storage plus the local host running the app's functions, for <c>demo</c> and <c>host</c>: Azurite (in memory, or
/// persistent under <c>--storage-location</c>) unless <c>AzureWebJobsStorage</c> names a reachable account, and the
/// <see cref="LocalFunctionHost"/> on DTFx's Azure Storage backend there.
/// </summary>
internal sealed class FunctionsHostRuntime : IAsyncDisposable
{
    private readonly AzuriteEmulator? _azurite;

    private FunctionsHostRuntime(AzuriteEmulator? azurite, LocalFunctionHost host, string storageDescription)
    {
        _azurite = azurite;
        Host = host;
        StorageDescription = storageDescription;
    }

    /// <summary>The blob store the app uses.</summary>
    public IBlobStore Blobs => (IBlobStore)Host.Services.GetService(typeof(IBlobStore))!;

    /// <summary>The local host.</summary>
    public LocalFunctionHost Host { get; }

    /// <summary>The host's durable client.</summary>
    public DurableTaskClient Client => Host.Client;

    /// <summary>Which storage the host runs on, in words.</summary>
    public string StorageDescription { get; }

    /// <summary>Settings the local host gets unless local.settings.json sets them.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        ["NightlySchedule"] = "0 0 2 * * *",
        // The demo trains through the local process runner: a separate Augment.Trainer process per run.
        ["Augment__Training__Runner"] = "Local",
    };

    /// <summary>How to start.</summary>
    /// <param name="LocalSettingsPath">A local.settings.json whose <c>Values</c> are the app settings, or null.</param>
    /// <param name="HttpPort">The HTTP port (0: any free one).</param>
    /// <param name="StorageLocation">A folder for a persistent Azurite, or null for an in-memory one.</param>
    /// <param name="BlobScanInterval">How often the blob trigger scans.</param>
    /// <param name="Loggers">Where the host logs.</param>
    public sealed record Settings(string? LocalSettingsPath, int HttpPort, string? StorageLocation, TimeSpan BlobScanInterval, ILoggerFactory Loggers)
    {
        /// <summary>Told about slow start-up steps (the first Azurite install) before they start.</summary>
        public Action<string>? Progress { get; init; }
    }

    /// <summary>Starts storage and the host.</summary>
    /// <exception cref="InvalidOperationException">Azurite or the host did not start (one line).</exception>
    /// <exception cref="InvalidDataException">local.settings.json is not valid.</exception>
    public static async Task<FunctionsHostRuntime> StartAsync(Settings settings, CancellationToken cancellationToken)
    {
        var appSettings = LoadSettings(settings.LocalSettingsPath);
        foreach (var (name, value) in Defaults)
        {
            appSettings.TryAdd(name, value);
        }

        AzuriteEmulator? azurite = null;
        var connection = appSettings.GetValueOrDefault("AzureWebJobsStorage");
        string description;
        if (connection is null || (IsDevelopmentStorage(connection) && !await AnswersAsync(10000, cancellationToken)))
        {
            azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions { Location = settings.StorageLocation, Progress = settings.Progress }, cancellationToken);
            appSettings["AzureWebJobsStorage"] = azurite.ConnectionString;
            description = $"Azurite ({(settings.StorageLocation is { } dir ? $"persistent in {dir}" : "in memory")}) blob {azurite.BlobEndpoint}, queue {azurite.QueueEndpoint}, table {azurite.TableEndpoint}";
        }
        else
        {
            description = IsDevelopmentStorage(connection) ? "Azurite on its default ports (UseDevelopmentStorage=true)" : "the account in AzureWebJobsStorage";
        }

        try
        {
            var host = await LocalFunctionHost.StartAsync(
                new LocalHostOptions
                {
                    Settings = appSettings,
                    Port = settings.HttpPort,
                    BlobPollingInterval = settings.BlobScanInterval,
                    TaskHub = new Augment.Dev.Durable.TaskHubSettings { TaskHub = appSettings.GetValueOrDefault("Augment__TaskHub") ?? "augment" },
                },
                settings.Loggers,
                cancellationToken);
            return new FunctionsHostRuntime(azurite, host, description);
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

    /// <summary>The <c>Values</c> of a local.settings.json (strings only), or an empty set.</summary>
    internal static Dictionary<string, string?> LoadSettings(string? path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (path is null)
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("Values", out var v) && v.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in v.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        return values;
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

    /// <summary>Stops the host, then Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
