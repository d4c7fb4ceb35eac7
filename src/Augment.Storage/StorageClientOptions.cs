using Azure.Core;

namespace Augment.Storage;

/// <summary>
/// Options for <see cref="BlobRestClient"/> and <see cref="QueueRestClient"/>: Azure.Core's retry, transport and
/// diagnostics settings (inherited) plus the block size of streamed uploads.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>The REST API version sent as <c>x-ms-version</c>. Default: <c>2021-12-02</c>.</summary>
    public string ServiceVersion { get; set; } = "2021-12-02";

    /// <summary>
    /// Size of one block in a streamed upload, and the largest content sent in a single Put Blob. Default: 4 MiB.
    /// One buffer of this size is rented per upload; nothing larger is ever held in memory.
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
    }
}
