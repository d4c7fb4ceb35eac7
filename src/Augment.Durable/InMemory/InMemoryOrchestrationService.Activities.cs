namespace Augment.Durable;

public sealed partial class InMemoryOrchestrationService
{
    private readonly Dictionary<string, InstanceLock> _locks = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var envelope = _workItems.FirstOrDefault(e => e.VisibleAt <= now);
            if (envelope is null)
            {
                return Task.FromResult<ActivityWorkItem?>(null);
            }

            envelope.VisibleAt = now + _options.WorkItemVisibilityTimeout;
            envelope.DequeueCount++;
            var token = new object();
            envelope.LockToken = token;
            return Task.FromResult<ActivityWorkItem?>(new ActivityWorkItem
            {
                Message = new ReceivedTaskMessage(envelope.Message, envelope.DequeueCount) { Receipt = envelope },
                LockState = token,
            });
        }
    }

    /// <inheritdoc/>
    public Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            var envelope = (Envelope)workItem.Message.Receipt!;
            if (envelope.LockToken == workItem.LockState && _workItems.Contains(envelope))
            {
                envelope.VisibleAt = _time.GetUtcNow() + _options.WorkItemVisibilityTimeout;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            _control.Add(NewEnvelope(response));
            var envelope = (Envelope)workItem.Message.Receipt!;
            if (envelope.LockToken == workItem.LockState)
            {
                _workItems.Remove(envelope);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            var envelope = (Envelope)workItem.Message.Receipt!;
            if (envelope.LockToken == workItem.LockState)
            {
                envelope.VisibleAt = _time.GetUtcNow();
            }
        }

        return Task.CompletedTask;
    }

    private bool IsLocked(string instanceId, DateTimeOffset now) =>
        _locks.TryGetValue(instanceId, out var l) && l.Until > now;

    private void Unlock(InstanceLock instanceLock)
    {
        if (_locks.TryGetValue(instanceLock.InstanceId, out var current) && ReferenceEquals(current, instanceLock))
        {
            _locks.Remove(instanceLock.InstanceId);
        }
    }

    private sealed record InstanceLock(string InstanceId, long Version, DateTimeOffset Until, object Token);

    private sealed class Envelope(long id, TaskMessage message)
    {
        public long Id { get; } = id;

        public TaskMessage Message { get; } = message;

        public DateTimeOffset VisibleAt { get; set; }

        public long DequeueCount { get; set; }

        public object? LockToken { get; set; }
    }
}
