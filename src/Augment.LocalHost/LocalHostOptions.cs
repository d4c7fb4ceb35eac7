using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.LocalHost;

/// <summary>What <see cref="LocalFunctionHost"/> runs and against which storage. Defaults are stated per property.</summary>
public sealed class LocalHostOptions
{
    /// <summary>The function app (host.json + function.json files). Required.</summary>
    public required FunctionApp App { get; init; }

    /// <summary>App settings: resolved into bindings and handed to the handler. Required.</summary>
    public required AppSettings Settings { get; init; }

    /// <summary>The blob store behind <c>AzureWebJobsStorage</c>. Required.</summary>
    public required IBlobStore Blobs { get; init; }

    /// <summary>The queue store behind <c>AzureWebJobsStorage</c>. Required.</summary>
    public required IQueueStore Queues { get; init; }

    /// <summary>The account's blob endpoint, for the <c>Uri</c> in blob trigger metadata. Default: Azurite's well-known one.</summary>
    public Uri BlobEndpoint { get; init; } = new("http://127.0.0.1:10000/devstoreaccount1");

    /// <summary>Calls functions. Default null: start the handler from host.json and call it over HTTP.</summary>
    public IFunctionInvoker? Invoker { get; init; }

    /// <summary>The host id in receipts, status blobs, locks and secrets (lower case, ≤ 32 characters). Default <c>localhost</c>.</summary>
    public string HostId { get; init; } = "localhost";

    /// <summary>Blob container scan interval. Default 10 s, as the host; the demo uses 1 s.</summary>
    public TimeSpan BlobScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Blob trigger content larger than this is not put in the payload (the metadata still names the blob). Default 100 MiB.</summary>
    public long MaxBlobPayloadBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Port of the HTTP listener; 0 picks a free one; null = no HTTP listener. Default 0.</summary>
    public int? HttpPort { get; init; }

    /// <summary>Shortest wait between polls of an empty queue. Default 100 ms.</summary>
    public TimeSpan QueueMinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Overrides host.json's <c>extensions.queues.maxPollingInterval</c> (the demo uses 500 ms so orchestration steps do not wait on idle back-off). Default null: host.json.</summary>
    public TimeSpan? QueueMaxPollingInterval { get; init; }

    /// <summary>How often a host without a timer's singleton lock retries it. Default 1 minute.</summary>
    public TimeSpan TimerLockPollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Logging. Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock for triggers. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
