using Augment.Durable.Engine;
using Augment.Storage;

namespace Augment.Durable;

/// <summary>
/// A backend in process memory: for unit tests and single-process runs. Messages have visibility timeouts on the
/// injected <see cref="TimeProvider"/> (so a stalled worker's lock expires and another worker can take over),
/// each instance carries a version number that plays the ETag, and a commit is applied atomically.
/// </summary>
public sealed partial class InMemoryOrchestrationService : IOrchestrationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly List<Envelope> _control = [];
    private readonly List<Envelope> _workItems = [];
    private readonly DurableTaskOptions _options;
    private readonly TimeProvider _time;
    private long _nextMessageId;

    /// <summary>Creates an empty backend.</summary>
    public InMemoryOrchestrationService(DurableTaskOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = (options ?? new DurableTaskOptions()).Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CreateInstanceAsync(InstanceState state, TaskMessage startMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(startMessage);
        lock (_gate)
        {
            if (_instances.TryGetValue(state.InstanceId, out var existing) && !existing.State.RuntimeStatus.IsTerminal())
            {
                throw new InvalidOperationException($"An active instance with id '{state.InstanceId}' already exists.");
            }

            _instances[state.InstanceId] = new InstanceRecord(state, [], (existing?.Version ?? 0) + 1);
            _control.Add(NewEnvelope(startMessage));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task SendTaskMessageAsync(TaskMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _control.Add(NewEnvelope(message));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.Remove(instanceId));
        }
    }

    /// <inheritdoc/>
    public Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var first = _control.FirstOrDefault(e => e.VisibleAt <= now && !IsLocked(e.Message.InstanceId, now));
            if (first is null)
            {
                return Task.FromResult<OrchestrationWorkItem?>(null);
            }

            var instanceId = first.Message.InstanceId;
            var until = now + _options.ControlQueueVisibilityTimeout;
            var batch = _control.Where(e => e.Message.InstanceId == instanceId && e.VisibleAt <= now)
                .Take(_options.ControlQueueBatchSize).ToList();
            var lockToken = new object();
            foreach (var e in batch)
            {
                e.VisibleAt = until;
                e.DequeueCount++;
                e.LockToken = lockToken;
            }

            _instances.TryGetValue(instanceId, out var record);
            var instanceLock = new InstanceLock(instanceId, record?.Version ?? 0, until, lockToken);
            _locks[instanceId] = instanceLock;
            var workItem = new OrchestrationWorkItem
            {
                InstanceId = instanceId,
                NewMessages = batch.Select(e => new ReceivedTaskMessage(e.Message, e.DequeueCount) { Receipt = e }).ToList(),
                PastEvents = record is null ? [] : [.. record.History],
                State = record?.State,
                LockState = instanceLock,
            };
            return Task.FromResult<OrchestrationWorkItem?>(workItem);
        }
    }

    /// <inheritdoc/>
    public Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(commit);
        var instanceLock = (InstanceLock)workItem.LockState!;
        lock (_gate)
        {
            _instances.TryGetValue(workItem.InstanceId, out var record);
            if ((record?.Version ?? 0) != instanceLock.Version)
            {
                Unlock(instanceLock);
                throw new StorageConflictException($"Instance '{workItem.InstanceId}' changed since the work item was locked.");
            }

            if (record is not null && (commit.NewEvents.Count > 0 || commit.State is not null))
            {
                IReadOnlyList<HistoryEvent> history = commit.ReplacesHistory ? [.. commit.NewEvents] : [.. record.History, .. commit.NewEvents];
                _instances[workItem.InstanceId] = new InstanceRecord(commit.State ?? record.State, history, record.Version + 1);
            }
            else if (record is null && commit.State is not null)
            {
                // A sub-orchestration's first episode creates it.
                _instances[workItem.InstanceId] = new InstanceRecord(commit.State, [.. commit.NewEvents], 1);
            }

            _workItems.AddRange(commit.ActivityMessages.Select(NewEnvelope));
            _control.AddRange(commit.OrchestratorMessages.Select(NewEnvelope));
            var deferred = commit.DeferredMessages.Select(m => m.Receipt).ToHashSet();
            var now = _time.GetUtcNow();
            foreach (var received in workItem.NewMessages)
            {
                var envelope = (Envelope)received.Receipt!;
                if (deferred.Contains(envelope))
                {
                    envelope.VisibleAt = now + (TimerMessages.IsEarlyTimer(envelope.Message, now)
                        ? TimerMessages.DelayFor(envelope.Message, now, _options.MaxTimerMessageDelay)
                        : _options.DeferredMessageDelay);
                }
                else if (envelope.LockToken == instanceLock.Token)
                {
                    _control.Remove(envelope);
                }
            }

            Unlock(instanceLock);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var instanceLock = (InstanceLock)workItem.LockState!;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var received in workItem.NewMessages)
            {
                var envelope = (Envelope)received.Receipt!;
                if (envelope.LockToken == instanceLock.Token)
                {
                    envelope.VisibleAt = now;
                }
            }

            Unlock(instanceLock);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<InstanceState?> GetInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var record) ? record.State : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var record) ? [.. record.History] : [];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc/>
    public Task<InstanceStatePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = ListContinuation.Decode(query.ContinuationToken)?.AfterInstanceId;
        lock (_gate)
        {
            var matches = _instances.Values.Select(r => r.State)
                .Where(s => after is null || string.CompareOrdinal(s.InstanceId, after) > 0)
                .Where(query.Matches)
                .OrderBy(s => s.InstanceId, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            var more = matches.Count > query.PageSize;
            var page = matches.Take(query.PageSize).ToList();
            return Task.FromResult(new InstanceStatePage(page, more ? new ListContinuation(page[^1].InstanceId, null).Encode() : null));
        }
    }

    private Envelope NewEnvelope(TaskMessage message) => new(Interlocked.Increment(ref _nextMessageId), message)
    {
        VisibleAt = TimerMessages.IsEarlyTimer(message, _time.GetUtcNow())
            ? _time.GetUtcNow() + TimerMessages.DelayFor(message, _time.GetUtcNow(), _options.MaxTimerMessageDelay)
            : DateTimeOffset.MinValue,
    };

    private sealed record InstanceRecord(InstanceState State, IReadOnlyList<HistoryEvent> History, long Version);
}
