using Azure.Core;

namespace Augment.Storage;

/// <summary>
/// Options for the stores that <see cref="StorageClients"/> creates on the Azure SDK: Azure.Core's retry, transport
/// and diagnostics settings (inherited; copied into the SDK's blob and queue client options), the service version,
/// and how streamed uploads are cut into blocks.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>
    /// The REST API version sent as <c>x-ms-version</c>, as <c>yyyy-MM-dd</c>; it must be one the SDK's
    /// <c>ServiceVersion</c> enums name. Default: <c>2026-06-06</c>, the newest that Azurite 3.37 knows.
    /// </summary>
    public string ServiceVersion { get; set; } = AzureClientOptions.DefaultServiceVersion;

    /// <summary>
    /// Size of one block in a streamed upload, and the threshold below which content goes up in a single Put Blob.
    /// Default: 4 MiB. Each block in flight is buffered once; nothing larger is ever held in memory.
    /// </summary>
    public int BlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many Put Block requests a streamed upload keeps in flight (each with its own buffer). Default: 2.</summary>
    public int MaxConcurrentBlocks { get; set; } = 2;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentBlocks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrentBlocks, 16);
        if (BlockSize is < 1024 or > 100 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, "Block size must be between 1 KiB and 100 MiB.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ServiceVersion);
        if (AzureClientOptions.TryBlobVersion(ServiceVersion) is null || AzureClientOptions.TryQueueVersion(ServiceVersion) is null)
        {
            throw new ArgumentException($"Service version '{ServiceVersion}' is not one both Azure SDK clients support.", nameof(ServiceVersion));
        }
    }
}
