namespace Augment.Durable.Engine;

/// <summary>
/// The event-sourced projection of a history: <see cref="Apply"/> folds one event in. Used to triage incoming
/// messages (dedupe, out-of-order) and to derive the persisted <see cref="InstanceState"/>.
/// </summary>
internal sealed class OrchestrationRuntimeState
{
    private readonly Dictionary<int, string> _scheduled = [];
    private readonly HashSet<int> _completed = [];

    public string? Name { get; private set; }

    public string? ExecutionId { get; private set; }

    public string? Input { get; private set; }

    public string? Output { get; private set; }

    public FailureDetails? Failure { get; private set; }

    public OrchestrationRuntimeStatus Status { get; private set; } = OrchestrationRuntimeStatus.Pending;

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsStarted => Name is not null;

    public bool IsTerminal => Status.IsTerminal();

    public IReadOnlyDictionary<int, string> ScheduledTasks => _scheduled;

    public static OrchestrationRuntimeState FromHistory(IEnumerable<HistoryEvent> events)
    {
        var state = new OrchestrationRuntimeState();
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    public bool IsTaskCompleted(int taskScheduledId) => _completed.Contains(taskScheduledId);

    public void Apply(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStartedEvent started:
                Name = started.Name;
                ExecutionId = started.OrchestrationInstance.ExecutionId;
                Input = started.Input;
                StartedAt = started.Timestamp;
                Status = OrchestrationRuntimeStatus.Running;
                break;
            case TaskScheduledEvent scheduled:
                _scheduled[scheduled.EventId] = scheduled.Name;
                break;
            case TaskCompletedEvent completed:
                _completed.Add(completed.TaskScheduledId);
                break;
            case TaskFailedEvent failed:
                _completed.Add(failed.TaskScheduledId);
                break;
            case ExecutionCompletedEvent done:
                Status = done.OrchestrationStatus;
                Output = done.Result;
                CompletedAt = done.Timestamp;
                break;
            case ExecutionFailedEvent failedExecution:
                Status = OrchestrationRuntimeStatus.Failed;
                Failure = failedExecution.FailureDetails;
                CompletedAt = failedExecution.Timestamp;
                break;
            case ExecutionTerminatedEvent terminated:
                Status = OrchestrationRuntimeStatus.Terminated;
                Output = terminated.Input;
                CompletedAt = terminated.Timestamp;
                break;
            default:
                break;
        }
    }

    /// <summary>The state to persist after this projection, keeping what history does not know.</summary>
    public InstanceState ToInstanceState(InstanceState previous, string? customStatus, DateTimeOffset now) => previous with
    {
        Name = Name ?? previous.Name,
        ExecutionId = ExecutionId ?? previous.ExecutionId,
        RuntimeStatus = Status,
        Input = IsStarted ? Input : previous.Input,
        Output = Output,
        CustomStatus = customStatus,
        LastUpdatedAt = now,
        CompletedAt = CompletedAt,
        FailureDetails = Failure,
    };
}
