using Augment.Durable.AzureStorage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable;

public sealed partial class AzureStorageOrchestrationService : IAsyncDisposable, IPartitionOwner
{
    private static int s_workerCounter;
    private PartitionManager? _partitionManager;

    /// <summary>Raised when this backend's set of owned control-queue partitions changes (argument: the partitions now
    /// owned, ascending). Only raised when <see cref="DurableTaskOptions.UsePartitionLeases"/> is on.</summary>
    public event Action<IReadOnlyList<int>>? PartitionsChanged;

    /// <summary>This backend's worker id (<see cref="DurableTaskOptions.WorkerId"/>, or the generated default).</summary>
    public string WorkerId => Partitions.WorkerId;

    /// <summary>The control-queue partitions this backend owns now (all of them when leases are off).</summary>
    public IReadOnlyList<int> OwnedPartitions => _options.UsePartitionLeases
        ? Partitions.Owned
        : Enumerable.Range(0, _layout.ControlQueues.Count).ToArray();

    private PartitionManager Partitions => LazyInitializer.EnsureInitialized(ref _partitionManager, () =>
    {
        var id = _options.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Interlocked.Increment(ref s_workerCounter)}";
        var manager = new PartitionManager(_blobs, _layout, _options, id, _time, _logger);
        manager.OwnershipChanged += OnOwnershipChanged;
        return manager;
    });

    /// <summary>Releases this backend's partition leases and presence so other workers take over at once. The worker
    /// calls it on stop; safe to call more than once.</summary>
    public ValueTask DisposeAsync() => ReleasePartitionsAsync();

    /// <inheritdoc/>
    async ValueTask IPartitionOwner.ReleasePartitionsAsync() => await ReleasePartitionsAsync();

    private async ValueTask ReleasePartitionsAsync()
    {
        await GiveBackPrefetchedActivitiesAsync();
        if (_partitionManager is { } manager)
        {
            await manager.DisposeAsync();
        }
    }

    /// <summary>The control-queue partitions to poll: the owned ones (starting the lease manager on first use), or all.</summary>
    private async Task<IReadOnlyList<int>> PartitionsToPollAsync(CancellationToken cancellationToken)
    {
        if (!_options.UsePartitionLeases)
        {
            return OwnedPartitions;
        }

        await Partitions.EnsureStartedAsync(cancellationToken);
        return Partitions.Owned;
    }

    /// <summary>Gives back buffered messages of partitions this worker no longer owns, so their new owner sees them now.</summary>
    private void OnOwnershipChanged(IReadOnlyList<int> owned)
    {
        var kept = owned.Select(p => _layout.ControlQueues[p]).ToHashSet(StringComparer.Ordinal);
        var evicted = new List<QueueReceipt>();
        lock (_bufferGate)
        {
            foreach (var (instanceId, messages) in _buffer.ToList())
            {
                foreach (var (messageId, received) in messages.ToList())
                {
                    if (received.Receipt is QueueReceipt receipt && !kept.Contains(receipt.Queue))
                    {
                        messages.Remove(messageId);
                        evicted.Add(receipt);
                    }
                }

                if (messages.Count == 0)
                {
                    _buffer.Remove(instanceId);
                }
            }
        }

        var partitions = string.Join(',', owned);
        LogPartitionsChanged(_logger, _partitionManager?.WorkerId ?? "?", partitions, evicted.Count);
        foreach (var receipt in evicted)
        {
            ForgetHeld(receipt.MessageId);
            _ = GiveBackAsync(receipt);
        }

        PartitionsChanged?.Invoke(owned);
    }

    private async Task GiveBackAsync(QueueReceipt receipt)
    {
        try
        {
            await _queues.UpdateMessageAsync(receipt.Queue, receipt.MessageId, receipt.PopReceipt, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort: otherwise the message comes back when its visibility timeout ends.
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Worker {WorkerId} now owns partitions [{Partitions}]; {Evicted} buffered messages given back.")]
    private static partial void LogPartitionsChanged(ILogger logger, string workerId, string partitions, int evicted);
}
