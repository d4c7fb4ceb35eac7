using System.Text;
using Augment.Durable.Engine;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.Durable.AzureStorage;

/// <summary>
/// Owns control-queue partitions through renewed blob leases (<c>h-leases/default/h-control-NN</c>) and spreads them
/// over the live workers. Every <see cref="DurableTaskOptions.PartitionLeaseRenewInterval"/> (a third of the lease) a
/// round renews the leases held, rewrites this worker's presence blob (<c>workers/{id}</c>), counts the workers whose
/// presence changed within one lease duration, and moves towards a fair share: the live worker ids sorted, the i-th
/// gets <c>N / workers</c> partitions plus one when <c>i &lt; N % workers</c>. Above its share a worker releases
/// partitions; below it, it acquires free or expired ones (stealing a dead worker's lease once it lapses).
/// </summary>
internal sealed partial class PartitionManager : IAsyncDisposable
{
    private const string PresencePrefix = "workers/";
    private readonly IBlobStore _blobs;
    private readonly TaskHubLayout _layout;
    private readonly DurableTaskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _leaseId;
    private readonly SemaphoreSlim _roundGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly SortedSet<int> _owned = [];
    private readonly Dictionary<string, (ETag ETag, DateTimeOffset ChangedAt)> _seen = new(StringComparer.Ordinal);
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private long _beat;

    public PartitionManager(IBlobStore blobs, TaskHubLayout layout, DurableTaskOptions options, string workerId, TimeProvider time, ILogger logger)
    {
        _blobs = blobs;
        _layout = layout;
        _options = options;
        _time = time;
        _logger = logger;
        WorkerId = workerId;
        _leaseId = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "partition-lease:" + workerId).ToString();
    }

    /// <summary>Raised after a round changed the owned set (argument: the partitions now owned, ascending).</summary>
    public event Action<IReadOnlyList<int>>? OwnershipChanged;

    /// <summary>This worker's id.</summary>
    public string WorkerId { get; }

    /// <summary>The partitions owned now, ascending.</summary>
    public IReadOnlyList<int> Owned
    {
        get
        {
            lock (_gate)
            {
                return [.. _owned];
            }
        }
    }

    /// <summary>Runs the first round (so the caller owns its share at once) and starts the renewal loop; idempotent.</summary>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        await _roundGate.WaitAsync(cancellationToken);
        try
        {
            if (_loop is not null)
            {
                return;
            }

            await InitializeAsync(cancellationToken);
            await RunRoundCoreAsync(cancellationToken);
            _loopStop = new CancellationTokenSource();
            var stop = _loopStop.Token;
            Volatile.Write(ref _loop, Task.Run(() => LoopAsync(stop), CancellationToken.None));
        }
        finally
        {
            _roundGate.Release();
        }
    }

    /// <summary>Creates the lease container and one lease blob per partition (idempotent).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _blobs.CreateContainerIfNotExistsAsync(_layout.LeasesContainer, cancellationToken);
        for (var p = 0; p < _layout.ControlQueues.Count; p++)
        {
            await IgnoreConflictAsync(() => _blobs.UploadAsync(_layout.LeasesContainer, _layout.LeaseBlobFor(p), new MemoryStream(), BlobWriteOptions.CreateOnly, cancellationToken));
        }
    }

    /// <summary>Runs one renew/heartbeat/balance round now (tests and the loop).</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await _roundGate.WaitAsync(cancellationToken);
        try
        {
            await RunRoundCoreAsync(cancellationToken);
        }
        finally
        {
            _roundGate.Release();
        }
    }

    /// <summary>Stops the loop, releases every lease and removes the presence blob so the others rebalance at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_loopStop is { } stop)
        {
            await stop.CancelAsync();
            await (_loop ?? Task.CompletedTask);
            stop.Dispose();
            _loopStop = null;
        }

        if (Volatile.Read(ref _loop) is null)
        {
            return;
        }

        foreach (var p in Owned)
        {
            await TryAsync(() => _blobs.ReleaseLeaseAsync(_layout.LeasesContainer, _layout.LeaseBlobFor(p), _leaseId));
        }

        await TryAsync(() => _blobs.DeleteAsync(_layout.LeasesContainer, PresencePrefix + WorkerId));
        SetOwned([]);
        Volatile.Write(ref _loop, null);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PartitionLeaseRenewInterval, _time, cancellationToken);
                await RunRoundAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogRoundFailed(_logger, WorkerId, ex);
            }
        }
    }

    private async Task RunRoundCoreAsync(CancellationToken cancellationToken)
    {
        var owned = new SortedSet<int>(Owned);
        foreach (var p in owned.ToList())
        {
            try
            {
                await _blobs.RenewLeaseAsync(_layout.LeasesContainer, _layout.LeaseBlobFor(p), _leaseId, cancellationToken);
            }
            catch (StorageConflictException)
            {
                owned.Remove(p);
                LogLost(_logger, WorkerId, p);
            }
        }

        SetOwned(owned);
        var workers = await LiveWorkersAsync(cancellationToken);
        var count = workers.Count;
        var index = workers.IndexOf(WorkerId);
        var partitions = _layout.ControlQueues.Count;
        var share = (partitions / count) + (index < partitions % count ? 1 : 0);
        while (owned.Count > share)
        {
            var p = owned.Max;
            owned.Remove(p);
            SetOwned(owned);
            await TryAsync(() => _blobs.ReleaseLeaseAsync(_layout.LeasesContainer, _layout.LeaseBlobFor(p), _leaseId, cancellationToken));
            LogReleased(_logger, WorkerId, p, share);
        }

        var start = index * partitions / count;
        for (var i = 0; i < partitions && owned.Count < share; i++)
        {
            var p = (start + i) % partitions;
            if (owned.Contains(p))
            {
                continue;
            }

            try
            {
                await _blobs.AcquireLeaseAsync(_layout.LeasesContainer, _layout.LeaseBlobFor(p), _options.PartitionLeaseDuration, _leaseId, cancellationToken);
                owned.Add(p);
                SetOwned(owned);
                LogAcquired(_logger, WorkerId, p, share);
            }
            catch (StorageConflictException)
            {
                // Held by a live worker (or its lease has not lapsed yet): try again next round.
            }
        }
    }

    /// <summary>Rewrites this worker's presence blob and returns the ids of the live workers (this one included), sorted.</summary>
    private async Task<List<string>> LiveWorkersAsync(CancellationToken cancellationToken)
    {
        var beat = Interlocked.Increment(ref _beat);
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes($"{beat} {string.Join(',', Owned)}")))
        {
            await _blobs.UploadAsync(_layout.LeasesContainer, PresencePrefix + WorkerId, content, cancellationToken: cancellationToken);
        }

        var now = _time.GetUtcNow();
        var live = new List<string> { WorkerId };
        string? token = null;
        do
        {
            var page = await _blobs.ListPageAsync(_layout.LeasesContainer, PresencePrefix, token, cancellationToken: cancellationToken);
            foreach (var blob in page.Items)
            {
                var id = blob.Name[PresencePrefix.Length..];
                if (id == WorkerId)
                {
                    continue;
                }

                // A worker is alive while its presence blob keeps changing; "changed" is judged on our own clock, so
                // clocks need not agree. A worker seen for the first time counts as alive.
                if (!_seen.TryGetValue(id, out var seen) || seen.ETag != blob.ETag)
                {
                    _seen[id] = seen = (blob.ETag, now);
                }

                var silent = now - seen.ChangedAt;
                if (silent < _options.PartitionLeaseDuration)
                {
                    live.Add(id);
                }
                else if (silent > 2 * _options.PartitionLeaseDuration)
                {
                    await TryAsync(() => _blobs.DeleteAsync(_layout.LeasesContainer, blob.Name, blob.ETag, cancellationToken));
                    _seen.Remove(id);
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        live.Sort(StringComparer.Ordinal);
        return live;
    }

    private void SetOwned(IEnumerable<int> owned)
    {
        IReadOnlyList<int> snapshot;
        lock (_gate)
        {
            if (_owned.SetEquals(owned))
            {
                return;
            }

            _owned.Clear();
            _owned.UnionWith(owned);
            snapshot = [.. _owned];
        }

        OwnershipChanged?.Invoke(snapshot);
    }

    private static async Task IgnoreConflictAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (StorageConflictException)
        {
        }
    }

    private async Task TryAsync(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception ex) when (ex is StorageException or HttpRequestException or OperationCanceledException)
        {
            LogCleanupFailed(_logger, WorkerId, ex.Message);
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Worker {WorkerId} acquired partition {Partition} (share {Share}).")]
    private static partial void LogAcquired(ILogger logger, string workerId, int partition, int share);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Worker {WorkerId} released partition {Partition} to rebalance (share {Share}).")]
    private static partial void LogReleased(ILogger logger, string workerId, int partition, int share);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Worker {WorkerId} lost partition {Partition}: its lease could not be renewed.")]
    private static partial void LogLost(ILogger logger, string workerId, int partition);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Worker {WorkerId}: partition round failed; retrying next round.")]
    private static partial void LogRoundFailed(ILogger logger, string workerId, Exception exception);

    [LoggerMessage(EventId = 314, Level = LogLevel.Debug, Message = "Worker {WorkerId}: lease clean-up step failed: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string workerId, string reason);
}
