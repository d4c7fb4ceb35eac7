namespace Augment.Durable.Engine;

/// <summary>
/// The event-sourced projection of a history: <see cref="Apply"/> folds one event in. Used to triage incoming
/// messages (dedupe, out-of-order) and to derive the persisted <see cref="InstanceState"/>.
/// </summary>
internal sealed class OrchestrationRuntimeState
{
    private readonly Dictionary<int, string> _scheduled = [];
    private readonly HashSet<int> _completed = [];

    public ExecutionStartedEvent? Started { get; private set; }

    public string? Name => Started?.Name;

    public string? ExecutionId => Started?.OrchestrationInstance.ExecutionId;

    public string? Input => Started?.Input;

    public string? Output { get; private set; }

    public FailureDetails? Failure { get; private set; }

    public OrchestrationRuntimeStatus Status { get; private set; } = OrchestrationRuntimeStatus.Pending;

    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsStarted => Started is not null;

    public bool IsTerminal => Status.IsTerminal();

    /// <summary>Scheduled actions (activities, timers, sub-orchestrations) by sequence id.</summary>
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

    /// <summary>True when the action with this sequence id already has its completion (or failure, or timer firing).</summary>
    public bool IsTaskCompleted(int taskScheduledId) => _completed.Contains(taskScheduledId);

    public void Apply(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStartedEvent started:
                Started = started;
                Status = OrchestrationRuntimeStatus.Running;
                break;
            case TaskScheduledEvent scheduled:
                _scheduled[scheduled.EventId] = scheduled.Name;
                break;
            case TimerCreatedEvent timer:
                _scheduled[timer.EventId] = "timer";
                break;
            case SubOrchestrationInstanceCreatedEvent child:
                _scheduled[child.EventId] = child.Name;
                break;
            case TaskCompletedEvent or TaskFailedEvent or TimerFiredEvent or SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent:
                _completed.Add(CompletionTarget(e)!.Value);
                break;
            case ExecutionSuspendedEvent when Status == OrchestrationRuntimeStatus.Running:
                Status = OrchestrationRuntimeStatus.Suspended;
                break;
            case ExecutionResumedEvent when Status == OrchestrationRuntimeStatus.Suspended:
                Status = OrchestrationRuntimeStatus.Running;
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
            default:
                break;
        }
    }

    /// <summary>The sequence id a completion-like event answers, or null for other events.</summary>
    public static int? CompletionTarget(HistoryEvent e) => e switch
    {
        TaskCompletedEvent c => c.TaskScheduledId,
        TaskFailedEvent f => f.TaskScheduledId,
        TimerFiredEvent t => t.TimerId,
        SubOrchestrationInstanceCompletedEvent sc => sc.TaskScheduledId,
        SubOrchestrationInstanceFailedEvent sf => sf.TaskScheduledId,
        _ => null,
    };

    /// <summary>The state to persist after this projection, keeping what history does not know.</summary>
    public InstanceState ToInstanceState(InstanceState? previous, string? customStatus, DateTimeOffset now)
    {
        var baseline = previous ?? new InstanceState
        {
            InstanceId = Started!.OrchestrationInstance.InstanceId,
            ExecutionId = Started.OrchestrationInstance.ExecutionId,
            Name = Started.Name,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            CreatedAt = Started.Timestamp,
            LastUpdatedAt = Started.Timestamp,
        };
        return baseline with
        {
            Name = Name ?? baseline.Name,
            ExecutionId = ExecutionId ?? baseline.ExecutionId,
            RuntimeStatus = Status,
            Input = IsStarted ? Input : baseline.Input,
            Output = Output,
            CustomStatus = customStatus,
            LastUpdatedAt = now,
            CompletedAt = CompletedAt,
            FailureDetails = Failure,
        };
    }
}
