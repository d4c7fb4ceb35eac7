using System.Collections.Concurrent;
using System.Text.Json;
using Augment.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.LocalHost.Triggers;

/// <summary>
/// A polling blob trigger with the Functions host's guarantees (CONTRACTS.md §2): every blob version (ETag) is
/// handed to the function at least once. A scan writes a receipt per (function, blob, ETag) under
/// <c>azure-webjobs-hosts/blobreceipts/…</c> and enqueues an execution message; the executor re-checks the blob's
/// ETag before calling the function (a newer version gets its own message), retries failures and moves a message to
/// <c>webjobs-blobtrigger-poison</c> after <see cref="BlobTriggerOptions.PoisonThreshold"/> attempts.
/// </summary>
public sealed partial class BlobTriggerListener : IAsyncDisposable
{
    /// <summary>The container that holds receipts (shared with the Functions host).</summary>
    public const string HostsContainer = "azure-webjobs-hosts";

    /// <summary>Where failed messages end up.</summary>
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    private readonly IBlobStore _blobs;
    private readonly IQueueStore _queues;
    private readonly BlobTriggerOptions _options;
    private readonly Func<BlobTriggerInvocation, CancellationToken, Task> _function;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _seen = new(StringComparer.Ordinal);
    private readonly BackgroundLoop _loop = new();

    /// <summary>Creates a listener that calls <paramref name="function"/> for each new blob version.</summary>
    public BlobTriggerListener(
        IBlobStore blobs,
        IQueueStore queues,
        BlobTriggerOptions options,
        Func<BlobTriggerInvocation, CancellationToken, Task> function,
        ILogger? logger = null,
        TimeProvider? time = null)
    {
        options.Validate();
        _blobs = blobs;
        _queues = queues;
        _options = options;
        _function = function;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Creates the containers and queues, then scans and executes in the background until stopped.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _blobs.CreateContainerIfNotExistsAsync(HostsContainer, cancellationToken);
        await _blobs.CreateContainerIfNotExistsAsync(_options.Container, cancellationToken);
        await _queues.CreateQueueIfNotExistsAsync(_options.QueueName, cancellationToken);
        await _queues.CreateQueueIfNotExistsAsync(PoisonQueue, cancellationToken);
        _loop.Start(RunAsync);
    }

    /// <summary>Stops scanning and waits for the running invocation to finish.</summary>
    public Task StopAsync() => _loop.StopAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _loop.Dispose();
    }

    /// <summary>One scan of the container: writes receipts and enqueues messages for blob versions not seen before.</summary>
    /// <returns>How many messages were enqueued.</returns>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken = default)
    {
        var enqueued = 0;
        string? token = null;
        do
        {
            var page = await _blobs.ListPageAsync(_options.Container, null, token, 5000, cancellationToken);
            foreach (var blob in page.Items)
            {
                if (!_options.Filter(blob.Name) || _seen.TryGetValue(blob.Name, out var etag) && etag == blob.ETag.Value)
                {
                    continue;
                }

                if (await TryClaimAsync(blob, cancellationToken))
                {
                    enqueued++;
                }

                _seen[blob.Name] = blob.ETag.Value;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return enqueued;
    }

    /// <summary>Executes the visible execution messages once.</summary>
    /// <returns>How many messages were handled (invoked, dropped or poisoned).</returns>
    public async Task<int> ExecuteOnceAsync(CancellationToken cancellationToken = default)
    {
        var messages = await _queues.ReceiveAsync(_options.QueueName, 16, _options.VisibilityTimeout, cancellationToken);
        foreach (var message in messages)
        {
            await ExecuteAsync(message, cancellationToken);
        }

        return messages.Count;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextScan = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextScan)
                {
                    await ScanOnceAsync(cancellationToken);
                    nextScan = _time.GetUtcNow() + _options.ScanInterval;
                }

                if (await ExecuteOnceAsync(cancellationToken) == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogLoopError(_logger, _options.FunctionName, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
            }
        }
    }
}
