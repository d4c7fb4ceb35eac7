using Microsoft.Extensions.Logging;

namespace Augment.Durable.Engine;

/// <summary>
/// The context handed to orchestrator code during one replay. Every scheduled action gets the next sequence id;
/// history events are matched against those ids as they are replayed.
/// </summary>
internal sealed class ReplayOrchestrationContext(string instanceId, string name, string? input, DataConverter converter)
    : TaskOrchestrationContext
{
    private readonly SortedDictionary<int, ScheduledTask> _actions = [];
    private int _nextSequenceId;
    private int _guidCounter;

    public override string InstanceId { get; } = instanceId;

    public override string Name { get; } = name;

    public override bool IsReplaying => ReplayingFlag;

    public bool ReplayingFlag { get; set; } = true;

    public override DateTime CurrentUtcDateTime => CurrentTime.UtcDateTime;

    public DateTimeOffset CurrentTime { get; set; }

    public string? SerializedCustomStatus { get; private set; }

    /// <summary>Actions the code scheduled that history does not yet record, in sequence order.</summary>
    public IEnumerable<ScheduledTask> NewActions => _actions.Values.Where(a => !a.InHistory);

    public override Guid NewGuid() =>
        DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{InstanceId}_{_guidCounter++}");

    public override T? GetInput<T>() where T : default => converter.Deserialize<T>(input);

    public override async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var task = new ScheduledTask(_nextSequenceId++, name, converter.Serialize(input));
        _actions.Add(task.Id, task);
        var result = await task.Completion.Task;
        return converter.Deserialize<TResult>(result)!;
    }

    public override void SetCustomStatus(object? customStatus) => SerializedCustomStatus = converter.Serialize(customStatus);

    public override ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(this, logger);

    /// <summary>A TaskScheduled from history must match the action with the same sequence id.</summary>
    public void MatchScheduled(TaskScheduledEvent scheduled)
    {
        if (!_actions.TryGetValue(scheduled.EventId, out var action))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: a previous execution scheduled activity '{scheduled.Name}' with sequence ID " +
                $"{scheduled.EventId}, but the current replay execution hasn't (yet?) scheduled it. Expected '{scheduled.Name}', " +
                "actual: nothing. Was the orchestrator code changed after this instance started?");
        }

        if (!string.Equals(action.Name, scheduled.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: sequence ID {scheduled.EventId} was scheduled as activity '{scheduled.Name}' " +
                $"in a previous execution, but the current replay scheduled '{action.Name}'. Expected '{scheduled.Name}', " +
                $"actual '{action.Name}'.");
        }

        action.InHistory = true;
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

    /// <summary>An activity call the code made.</summary>
    internal sealed class ScheduledTask(int id, string name, string? input)
    {
        public int Id { get; } = id;

        public string Name { get; } = name;

        public string? Input { get; } = input;

        public bool InHistory { get; set; }

        public TaskCompletionSource<string?> Completion { get; } = new();
    }
}
