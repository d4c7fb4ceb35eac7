namespace Augment.Durable;

/// <summary>Thrown into orchestrator code when an activity it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for task <paramref name="taskId"/> named <paramref name="taskName"/>.</summary>
    public TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails ?? throw new ArgumentNullException(nameof(failureDetails));
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TaskFailedException() : this("unknown", -1, new FailureDetails("Unknown", "Unknown failure."))
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TaskFailedException(string message) : base(message)
    {
        TaskName = "unknown";
        TaskId = -1;
        FailureDetails = new FailureDetails("Unknown", message);
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TaskFailedException(string message, Exception innerException) : base(message, innerException)
    {
        TaskName = "unknown";
        TaskId = -1;
        FailureDetails = FailureDetails.FromException(innerException);
    }

    /// <summary>The activity's name.</summary>
    public string TaskName { get; }

    /// <summary>The sequence id of the scheduled task.</summary>
    public int TaskId { get; }

    /// <summary>What the activity threw.</summary>
    public FailureDetails FailureDetails { get; }
}

/// <summary>
/// A replay scheduled something different from what history records: the orchestrator code changed, or it is not
/// deterministic. The instance fails with this error.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonDeterministicOrchestrationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NonDeterministicOrchestrationException() : this("The orchestration is not deterministic.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public NonDeterministicOrchestrationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
