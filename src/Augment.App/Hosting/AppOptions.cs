using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Augment.App.Hosting;

/// <summary>The app's settings, read once at start (names in <c>Augment.Pipeline.Training.AppSettings</c>).</summary>
public sealed class AppOptions
{
    /// <summary>
    /// <c>AzureWebJobsStorage</c>: the storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite); null
    /// when the account is reached by identity instead (<see cref="StorageAccountName"/>). One of the two is required.
    /// </summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>
    /// <c>AzureWebJobsStorage__accountName</c>: the account reached with the app's managed identity
    /// (<c>DefaultAzureCredential</c>), as the Functions host's identity-based connections do; used when no connection string is set.
    /// </summary>
    public string? StorageAccountName { get; init; }

    /// <summary>The blob store of the configured account: by connection string, else by identity.</summary>
    public Storage.IBlobStore CreateBlobStore() => StorageConnectionString is { } connection
        ? Storage.StorageClients.FromConnectionString(connection).Blobs
        : Storage.StorageClients.FromCredential(
            new Uri($"https://{StorageAccountName}.blob.core.windows.net"),
            new Uri($"https://{StorageAccountName}.queue.core.windows.net"),
            new Azure.Identity.DefaultAzureCredential()).Blobs;

    /// <summary><c>Augment:PublicBaseUrl</c>: the base of the URLs the management API hands out; default the request's own host.</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary><c>Augment:Training:TrainerPath</c>: the trainer the local runner starts; default <c>Augment.Trainer.dll</c> beside the app.</summary>
    public string? TrainerPath { get; init; }

    /// <summary>Any setting by its app-setting name (<c>Augment__Training__Runner</c>), or null when unset.</summary>
    public required Func<string, string?> Setting { get; init; }

    /// <summary>How long a run rides out a storage or network outage before a stage fails (<c>Augment__StorageRetryWindowSeconds</c>,
    /// 5–3600); null: the default, 35 s. Stamped into each run's input when it starts.</summary>
    public int? StorageRetryWindowSeconds { get; init; }

    /// <summary>Reads and validates the options.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid (one line).</exception>
    public static AppOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Setting(string name) => configuration[name.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value ? value : null;
        var connection = configuration["AzureWebJobsStorage"] is { Length: > 0 } c ? c : null;
        var account = configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } a ? a : null;
        if (connection is null && account is null)
        {
            throw new ArgumentException("AzureWebJobsStorage is not set; use a storage connection string (UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__accountName with a managed identity.");
        }

        if (account is not null && !System.Text.RegularExpressions.Regex.IsMatch(account, "^[a-z0-9]{3,24}$"))
        {
            throw new ArgumentException($"AzureWebJobsStorage__accountName '{account}' is not a storage account name (3–24 lower-case letters and digits).");
        }
        Uri? publicBase = null;
        if (Setting("Augment__PublicBaseUrl") is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out publicBase) || publicBase.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Augment:PublicBaseUrl '{url}' must be an absolute http(s) URL."));
        }

        int? retryWindow = null;
        if (Setting("Augment__StorageRetryWindowSeconds") is { } window)
        {
            retryWindow = int.TryParse(window, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 5 and <= 3600
                ? seconds
                : throw new ArgumentException($"Augment__StorageRetryWindowSeconds '{window}' must be a whole number of seconds from 5 to 3600.");
        }

        return new AppOptions
        {
            StorageRetryWindowSeconds = retryWindow,
            StorageConnectionString = connection,
            StorageAccountName = account,
            PublicBaseUrl = publicBase,
            TrainerPath = Setting("Augment__Training__TrainerPath"),
            Setting = Setting,
        };
    }
}
