using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Augment.Storage;

/// <summary>
/// Turns <see cref="StorageClientOptions"/> into the Azure SDK's client options: the pinned service version, and
/// Azure.Core's transport, retry and diagnostics settings copied over, so one options object configures both services.
/// </summary>
internal static class AzureClientOptions
{
    /// <summary>
    /// The service version every request carries (<c>x-ms-version</c>). Pinned, not the SDK's newest, because the
    /// Azurite we run (3.37) knows versions up to 2026-06-06; both <c>Azure.Storage.Blobs</c> 12.30.1 and
    /// <c>Azure.Storage.Queues</c> 12.28.1 have a <c>V2026_06_06</c> member.
    /// </summary>
    public const string DefaultServiceVersion = "2026-06-06";

    public static BlobClientOptions Blob(StorageClientOptions options)
    {
        var blob = new BlobClientOptions(BlobVersion(options.ServiceVersion))
        {
            // The REST client sent names as given; the SDK would otherwise strip leading and trailing '/'.
            TrimBlobNameSlashes = false,
        };
        CopyCommon(options, blob);
        return blob;
    }

    public static QueueClientOptions Queue(StorageClientOptions options)
    {
        var queue = new QueueClientOptions(QueueVersion(options.ServiceVersion))
        {
            // The store encodes base64 itself so that received text which is not base64 comes back unchanged
            // (the SDK's Base64 setting would throw on it instead).
            MessageEncoding = QueueMessageEncoding.None,
        };
        CopyCommon(options, queue);
        return queue;
    }

    /// <summary>How streamed uploads are cut: one Put Blob under one block, else blocks of <c>BlockSize</c>.</summary>
    public static StorageTransferOptions Transfer(StorageClientOptions options) => new()
    {
        InitialTransferSize = options.BlockSize,
        MaximumTransferSize = options.BlockSize,
        MaximumConcurrency = options.MaxConcurrentBlocks,
    };

    /// <summary>Maps <c>yyyy-MM-dd</c> to the SDK's <c>Vyyyy_MM_dd</c> member, or null when it has none.</summary>
    public static BlobClientOptions.ServiceVersion? TryBlobVersion(string version) =>
        Enum.TryParse<BlobClientOptions.ServiceVersion>(MemberName(version), out var value) && Enum.IsDefined(value) ? value : null;

    /// <summary>Maps <c>yyyy-MM-dd</c> to the SDK's <c>Vyyyy_MM_dd</c> member, or null when it has none.</summary>
    public static QueueClientOptions.ServiceVersion? TryQueueVersion(string version) =>
        Enum.TryParse<QueueClientOptions.ServiceVersion>(MemberName(version), out var value) && Enum.IsDefined(value) ? value : null;

    private static BlobClientOptions.ServiceVersion BlobVersion(string version) =>
        TryBlobVersion(version) ?? throw new ArgumentException($"The Blob SDK has no service version '{version}'.", nameof(version));

    private static QueueClientOptions.ServiceVersion QueueVersion(string version) =>
        TryQueueVersion(version) ?? throw new ArgumentException($"The Queue SDK has no service version '{version}'.", nameof(version));

    private static string MemberName(string version) =>
        version.Length == 10 && version.All(c => char.IsAsciiDigit(c) || c == '-') ? "V" + version.Replace('-', '_') : "";

    private static void CopyCommon(ClientOptions from, ClientOptions to)
    {
        to.Transport = from.Transport;
        if (from.RetryPolicy is not null)
        {
            to.RetryPolicy = from.RetryPolicy;
        }

        to.Retry.MaxRetries = from.Retry.MaxRetries;
        to.Retry.Delay = from.Retry.Delay;
        to.Retry.MaxDelay = from.Retry.MaxDelay;
        to.Retry.Mode = from.Retry.Mode;
        to.Retry.NetworkTimeout = from.Retry.NetworkTimeout;
        to.Diagnostics.ApplicationId = from.Diagnostics.ApplicationId;
        to.Diagnostics.IsLoggingEnabled = from.Diagnostics.IsLoggingEnabled;
        to.Diagnostics.IsLoggingContentEnabled = from.Diagnostics.IsLoggingContentEnabled;
        to.Diagnostics.LoggedContentSizeLimit = from.Diagnostics.LoggedContentSizeLimit;
        to.Diagnostics.IsDistributedTracingEnabled = from.Diagnostics.IsDistributedTracingEnabled;
        to.Diagnostics.IsTelemetryEnabled = from.Diagnostics.IsTelemetryEnabled;
    }
}
