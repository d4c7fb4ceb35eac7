namespace Augment.Durable;

public sealed partial class DurableTaskOptions
{
    /// <summary>The smallest payload, in bytes of UTF-8 JSON, that is moved to a gzip blob (the queue limit is 64 KiB
    /// of base64). Default 45 KiB; 1 KiB–60 KiB.</summary>
    public const int DefaultLargePayloadThreshold = 45 * 1024;

    /// <summary>This worker's identity: the name of its presence blob and, hashed, its partition lease id, so a worker
    /// restarted with the same id takes its partitions straight back instead of waiting for its old leases to expire.
    /// Default null: <c>{machine}-{process id}-{n}</c>, unique per backend object.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Whether control-queue partitions are owned through blob leases (Azure Storage backend). When false every
    /// worker reads every partition and only the history ETag keeps them apart. Default true.</summary>
    public bool UsePartitionLeases { get; set; } = true;

    /// <summary>How long a partition lease lasts (15–60 s, the blob lease limits); renewed, and scanned for balance, every
    /// third of it. Default 30 s.</summary>
    public TimeSpan PartitionLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A control or work-item message delivered more than this many times goes to the poison queue and its
    /// instance fails. Default 5, the least allowed: early messages (deferred) are dropped at their 5th delivery, before
    /// they could count as poison.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages and history events whose JSON is at least this many bytes are stored as gzip blobs and
    /// referenced. Default <see cref="DefaultLargePayloadThreshold"/>.</summary>
    public int LargePayloadThreshold { get; set; } = DefaultLargePayloadThreshold;

    /// <summary>How often a partition's leases are renewed and ownership is rebalanced: a third of the lease.</summary>
    internal TimeSpan PartitionLeaseRenewInterval => PartitionLeaseDuration / 3;

    private void ValidateScale()
    {
        Require(WorkerId is null || (WorkerId.Length is >= 1 and <= 200 && WorkerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')),
            nameof(WorkerId), "must be 1–200 letters, digits, '-', '_' or '.'");
        Require(PartitionLeaseDuration >= TimeSpan.FromSeconds(15) && PartitionLeaseDuration <= TimeSpan.FromSeconds(60),
            nameof(PartitionLeaseDuration), "must be 15–60 s");
        Require(MaxDequeueCount >= Engine.MessageTriage.MaxDeliveries, nameof(MaxDequeueCount), $"must be at least {Engine.MessageTriage.MaxDeliveries}");
        Require(LargePayloadThreshold is >= 1024 and <= 60 * 1024, nameof(LargePayloadThreshold), "must be 1–60 KiB");
    }
}
