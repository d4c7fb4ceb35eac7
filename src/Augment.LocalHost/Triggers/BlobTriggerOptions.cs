namespace Augment.LocalHost.Triggers;

/// <summary>Settings of one polling blob trigger (the Functions host's <c>LogsAndContainerScan</c> source, minus the logs).</summary>
public sealed class BlobTriggerOptions
{
    /// <summary>The host id used in receipt and queue names (lower case, at most 32 characters). Default <c>localhost</c>.</summary>
    public string HostId { get; init; } = "localhost";

    /// <summary>The function's name; its id is <c>Host.Functions.{FunctionName}</c>. Required.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The container to watch. Required.</summary>
    public required string Container { get; init; }

    /// <summary>Which blob names trigger the function. Default: all.</summary>
    public Func<string, bool> Filter { get; init; } = _ => true;

    /// <summary>Time between container scans. Default 10 s, as the Functions host.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed attempts before a message goes to <c>webjobs-blobtrigger-poison</c>. Default 5, as the Functions host.</summary>
    public int PoisonThreshold { get; init; } = 5;

    /// <summary>How long an execution message stays hidden while the function runs. Default 10 minutes.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long another scanner waits before taking over an incomplete receipt. Default 30 s (the host's receipt lease).</summary>
    public TimeSpan ReceiptTakeover { get; init; } = TimeSpan.FromSeconds(30);

    internal string FunctionId => $"Host.Functions.{FunctionName}";

    internal string QueueName => $"azure-webjobs-blobtrigger-{HostId}";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(HostId) || HostId.Length > 32 || !string.Equals(HostId, HostId.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw new ArgumentException("HostId must be lower case and at most 32 characters.", nameof(HostId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(FunctionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(Container);
        ArgumentOutOfRangeException.ThrowIfLessThan(PoisonThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ScanInterval, TimeSpan.Zero);
    }
}

/// <summary>One blob version handed to the triggered function.</summary>
/// <param name="Container">The blob's container.</param>
/// <param name="BlobName">The blob's name.</param>
/// <param name="ETag">The version that triggered (re-checked just before the call).</param>
/// <param name="DequeueCount">1 on the first attempt.</param>
public sealed record BlobTriggerInvocation(string Container, string BlobName, string ETag, long DequeueCount);

/// <summary>The message on the host's internal queue (field names as the WebJobs SDK writes them).</summary>
public sealed record BlobTriggerMessage(string Type, string FunctionId, string BlobType, string ContainerName, string BlobName, string ETag);
