namespace Augment.Dev.Triggers;

/// <summary>
/// Settings of one polling blob trigger (the Functions host's container scan, without the storage-log source).
/// Validated when a <see cref="BlobTriggerLoop"/> is created.
/// </summary>
internal sealed class BlobTriggerOptions
{
    /// <summary>The host id in receipt names (1–32 lower-case letters, digits, <c>-</c>). Required.</summary>
    public required string HostId { get; init; }

    /// <summary>The function's name; receipts and poison messages carry its id <c>Host.Functions.{FunctionName}</c>. Required.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The binding's <c>path</c>, e.g. <c>datasets/{name}</c> (see <see cref="BlobPathPattern"/>). Required.</summary>
    public required string Path { get; init; }

    /// <summary>Time between container scans; the first scan runs at start. Default 1 s (the host scans every 10 s).</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per blob version before it is poisoned (<c>extensions.blobs.poisonBlobThreshold</c>, at least 1). Default 5, as the host.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait between a failed attempt and the next. Default 1 s (the host retries through its queue, almost at once).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Blob versions processed at once. Default 8 × processor count, as the host's <c>maxDegreeOfParallelism</c>.</summary>
    public int MaxConcurrency { get; init; } = 8 * Environment.ProcessorCount;

    /// <summary>The lease on a receipt while its blob is processed (15–60 s; renewed every third of it). Default 30 s, as the host.</summary>
    public TimeSpan ReceiptLease { get; init; } = TimeSpan.FromSeconds(30);

    internal string FunctionId => HostIds.FunctionId(FunctionName);

    internal void Validate()
    {
        HostIds.Validate(HostId, nameof(HostId));
        HostIds.ValidateFunctionName(FunctionName, nameof(FunctionName));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollingInterval, TimeSpan.Zero, nameof(PollingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        if (ReceiptLease < TimeSpan.FromSeconds(15) || ReceiptLease > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiptLease), ReceiptLease, "a blob lease lasts 15 to 60 seconds.");
        }
    }
}
