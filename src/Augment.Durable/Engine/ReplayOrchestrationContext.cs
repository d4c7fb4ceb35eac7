using Microsoft.Extensions.Logging;

namespace Augment.Durable.Engine;

/// <summary>
/// The context handed to orchestrator code during one replay. Every scheduled action (activity, timer,
/// sub-orchestration) gets the next sequence id; history events are matched against those ids as they are replayed.
/// External events are buffered per name until a waiter takes them.
/// </summary>
internal sealed partial class ReplayOrchestrationContext(string instanceId, string name, string? input, DataConverter converter)
    : TaskOrchestrationContext
{
    private readonly SortedDictionary<int, PendingAction> _actions = [];
    private readonly Dictionary<string, Queue<EventRaisedEvent>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> _arrivalOrder = [];
    private int _nextSequenceId;
    private int _guidCounter;

    public override string InstanceId { get; } = instanceId;

    public override string Name { get; } = name;

    public override bool IsReplaying => ReplayingFlag;

    public bool ReplayingFlag { get; set; } = true;

    public override DateTime CurrentUtcDateTime => CurrentTime.UtcDateTime;

    public DateTimeOffset CurrentTime { get; set; }

    public string? SerializedCustomStatus { get; private set; }

    /// <summary>Set by <see cref="ContinueAsNew"/>: the next execution's input and whether to carry unconsumed events.</summary>
    public (string? Input, bool PreserveEvents)? ContinueAsNewRequest { get; private set; }

    /// <summary>Actions the code scheduled that history does not yet record, in sequence order.</summary>
    public IEnumerable<PendingAction> NewActions => _actions.Values.Where(a => !a.InHistory);

    /// <summary>External events received and not (yet) consumed by a waiter, in arrival order.</summary>
    public IReadOnlyList<EventRaisedEvent> UnconsumedEvents =>
        _arrivalOrder.Where(e => _buffered.TryGetValue(e.Name, out var q) && q.Any(x => ReferenceEquals(x, e))).ToList();

    public override Guid NewGuid() =>
        DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{InstanceId}_{_guidCounter++}");

    public override T? GetInput<T>() where T : default => converter.Deserialize<T>(input);

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input, TaskOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serialized = converter.Serialize(input);
        return WithRetryAsync(() => Schedule<TResult>(new PendingAction(_nextSequenceId++, ActionKind.Activity, name) { Input = serialized }), options?.Retry);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, SubOrchestrationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serialized = converter.Serialize(input);
        return WithRetryAsync(() =>
        {
            var id = _nextSequenceId++;
            var childId = options?.InstanceId ?? $"{InstanceId}:{id:D4}";
            return Schedule<TResult>(new PendingAction(id, ActionKind.SubOrchestration, name) { Input = serialized, ChildInstanceId = childId });
        }, options?.Retry);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var utc = fireAt.Kind switch
        {
            DateTimeKind.Local => fireAt.ToUniversalTime(),
            _ => DateTime.SpecifyKind(fireAt, DateTimeKind.Utc),
        };
        var action = new PendingAction(_nextSequenceId++, ActionKind.Timer, "timer") { FireAt = new DateTimeOffset(utc) };
        _actions.Add(action.Id, action);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => action.Completion.TrySetCanceled(cancellationToken));
        }

        return action.Completion.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        if (_buffered.TryGetValue(eventName, out var queue) && queue.TryDequeue(out var early))
        {
            return converter.Deserialize<T>(early.Input)!;
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            _waiters[eventName] = list = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = list.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (waiter.TrySetCanceled(cancellationToken))
                {
                    list.Remove(node);
                }
            });
        }

        return converter.Deserialize<T>(await waiter.Task)!;
    }

    public override void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true) =>
        ContinueAsNewRequest = (converter.Serialize(newInput), preserveUnprocessedEvents);

    public override void SetCustomStatus(object? customStatus) => SerializedCustomStatus = converter.Serialize(customStatus);

    public override ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(this, logger);

    /// <summary>An external event arrived: the oldest waiter for its name gets it, else it is buffered.</summary>
    public void RaiseEvent(EventRaisedEvent raised)
    {
        if (_waiters.TryGetValue(raised.Name, out var list))
        {
            while (list.First is { } first)
            {
                list.RemoveFirst();
                if (first.Value.TrySetResult(raised.Input))
                {
                    return;
                }
            }
        }

        if (!_buffered.TryGetValue(raised.Name, out var queue))
        {
            _buffered[raised.Name] = queue = new Queue<EventRaisedEvent>();
        }

        queue.Enqueue(raised);
        _arrivalOrder.Add(raised);
    }

    public void Complete(int taskScheduledId, string? result)
    {
        if (_actions.TryGetValue(taskScheduledId, out var action))
        {
            action.Completion.TrySetResult(result);
        }
    }

    public void Fail(int taskScheduledId, FailureDetails failure)
    {
        if (_actions.TryGetValue(taskScheduledId, out var action))
        {
            action.Completion.TrySetException(new TaskFailedException(action.Name, taskScheduledId, failure));
        }
    }

    private async Task<TResult> Schedule<TResult>(PendingAction action)
    {
        _actions.Add(action.Id, action);
        var result = await action.Completion.Task;
        return converter.Deserialize<TResult>(result)!;
    }

    private async Task<TResult> WithRetryAsync<TResult>(Func<Task<TResult>> attempt, RetryPolicy? policy)
    {
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (policy is not null && policy.ShouldRetry(n, ex.FailureDetails))
            {
                await CreateTimer(CurrentUtcDateTime + policy.DelayAfter(n), CancellationToken.None);
            }
        }
    }
}
