using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Dev.Triggers;

/// <summary>
/// A polling blob trigger with the Functions host's guarantees (CONTRACTS.md §2; invariants in this folder's
/// README): every blob version (ETag) that matches the path is handed to the callback at least once, with at most
/// <see cref="BlobTriggerOptions.MaxAttempts"/> attempts, after which its <see cref="BlobTriggerMessage"/> goes to
/// the poison queue. A receipt per (function, blob, ETag) under <c>azure-webjobs-hosts/blobreceipts/…</c> records
/// that a version was handled, so neither a second scan, a restart nor a second host runs it again.
/// </summary>
internal sealed partial class BlobTriggerLoop : IAsyncDisposable
{
    /// <summary>The host's poison queue for blob triggers.</summary>
    public const string PoisonQueueName = "webjobs-blobtrigger-poison";

    private readonly BlobContainerClient _container;
    private readonly BlobContainerClient _hosts;
    private readonly QueueClient _poisonQueue;
    private readonly BlobTriggerOptions _options;
    private readonly BlobPathPattern _pattern;
    private readonly Func<BlobTriggerInvocation, CancellationToken, Task> _callback;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly BackgroundLoop _loop = new();

    // Blob name → the ETag last settled here (handled, already receipted, or not matching): skipped by later scans.
    private readonly ConcurrentDictionary<string, ETag> _settled = new(StringComparer.Ordinal);

    // Receipt name → the processing of that version, while it runs.
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates a loop that watches <paramref name="container"/> and calls <paramref name="callback"/> per new blob version.</summary>
    /// <param name="container">The watched container; its name must be the container of <see cref="BlobTriggerOptions.Path"/>.
    /// Receipts go to <c>azure-webjobs-hosts</c> in the same account.</param>
    /// <param name="poisonQueue">Where poisoned versions go: <see cref="PoisonQueueName"/> (the host writes base64, i.e.
    /// <c>QueueClientOptions.MessageEncoding = Base64</c>).</param>
    /// <param name="options">The trigger's settings (validated here).</param>
    /// <param name="callback">The function. Returning is success; throwing fails the attempt.</param>
    /// <param name="logger">Where skipped, failed and poisoned versions are logged.</param>
    /// <param name="time">The clock for waits. Default: the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid or the path's container is not <paramref name="container"/>.</exception>
    /// <exception cref="FormatException">The path does not parse.</exception>
    public BlobTriggerLoop(
        BlobContainerClient container,
        QueueClient poisonQueue,
        BlobTriggerOptions options,
        Func<BlobTriggerInvocation, CancellationToken, Task> callback,
        ILogger<BlobTriggerLoop>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(poisonQueue);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callback);
        options.Validate();
        _pattern = BlobPathPattern.Parse(options.Path);
        if (!string.Equals(_pattern.Container, container.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"path '{options.Path}' watches container '{_pattern.Container}', not '{container.Name}'.", nameof(container));
        }

        _container = container;
        _hosts = container.GetParentBlobServiceClient().GetBlobContainerClient(HostIds.HostsContainer);
        _poisonQueue = poisonQueue;
        _options = options;
        _callback = callback;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.MaxConcurrency);
    }

    /// <summary>Creates what the loop needs, then scans at once and every <see cref="BlobTriggerOptions.PollingInterval"/> until stopped.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        _loop.Start(RunAsync);
    }

    /// <summary>Stops scanning, cancels the callbacks in progress and waits for them (their receipts stay incomplete and are taken up again later).</summary>
    public async Task StopAsync()
    {
        await _loop.StopAsync(WhenIdleAsync);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _loop.Dispose();
        _slots.Dispose();
    }

    /// <summary>Creates the receipts container, the watched container and the poison queue if missing.</summary>
    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _hosts.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>One scan, then waits until every version it started is handled (tests drive the loop with this).</summary>
    /// <returns>How many blob versions the scan started.</returns>
    internal async Task<int> ScanOnceAsync(CancellationToken cancellationToken = default)
    {
        var started = await DispatchScanAsync(cancellationToken);
        await WhenIdleAsync();
        return started;
    }

    /// <summary>Lists the container and starts processing each matching blob version not settled or in flight yet.</summary>
    private async Task<int> DispatchScanAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: _pattern.Prefix.Length > 0 ? _pattern.Prefix : null, cancellationToken: cancellationToken))
        {
            if (item.Properties.ETag is not { } listed || item.Deleted)
            {
                continue;
            }

            var etag = HeaderForm(listed);
            if (_settled.TryGetValue(item.Name, out var known) && known == etag)
            {
                continue;
            }

            if (_pattern.Match(item.Name) is not { } bindingData)
            {
                LogNoMatch(_logger, _options.FunctionName, item.Name, _options.Path);
                _settled[item.Name] = etag;
                continue;
            }

            var version = new BlobVersion(item.Name, etag, BlobTypeName(item.Properties.BlobType), bindingData, ReceiptName(item.Name, etag));
            if (_inFlight.ContainsKey(version.ReceiptName))
            {
                continue;
            }

            // Registered before it starts, so its own removal at the end cannot come first.
            var processing = new Task<Task>(() => ProcessAsync(version, cancellationToken));
            _inFlight[version.ReceiptName] = processing.Unwrap();
            processing.Start(TaskScheduler.Default);
            started++;
        }

        return started;
    }

    /// <summary>Waits until nothing is in flight.</summary>
    private async Task WhenIdleAsync()
    {
        while (!_inFlight.IsEmpty)
        {
            await Task.WhenAll(_inFlight.Values);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await DispatchScanAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogScanFailed(_logger, _options.FunctionName, _container.Name, ex);
            }

            await Task.Delay(_options.PollingInterval, _time, cancellationToken);
        }
    }

    /// <summary>
    /// A listing's ETag (<c>0x8D…</c>, as the XML body has it) in the form a blob's own properties and upload
    /// responses give (<c>"0x8D…"</c>, from the header). The host takes the ETag from the blob's properties, so its
    /// receipts and messages carry the quoted form; so do ours.
    /// </summary>
    internal static ETag HeaderForm(ETag etag)
    {
        var text = etag.ToString();
        return text.StartsWith('"') || text.StartsWith("W/", StringComparison.Ordinal) || text == "*" ? etag : new ETag($"\"{text}\"");
    }

    private static string BlobTypeName(BlobType? type) => $"{type ?? BlobType.Block}Blob";

    /// <summary>A matching blob version found by a scan.</summary>
    private sealed record BlobVersion(string Name, ETag ETag, string BlobType, IReadOnlyDictionary<string, string> BindingData, string ReceiptName)
    {
        /// <summary>The ETag as the host writes it in receipts and messages.</summary>
        public string ETagText { get; } = ETag.ToString();
    }
}
