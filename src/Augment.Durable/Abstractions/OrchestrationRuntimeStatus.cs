namespace Augment.Durable;

/// <summary>The runtime status of an orchestration instance (Durable Functions' names and order).</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Started and not yet finished.</summary>
    Running = 0,

    /// <summary>Returned normally.</summary>
    Completed = 1,

    /// <summary>Restarted itself with new input.</summary>
    ContinuedAsNew = 2,

    /// <summary>Threw an unhandled exception (or was non-deterministic).</summary>
    Failed = 3,

    /// <summary>Canceled.</summary>
    Canceled = 4,

    /// <summary>Terminated by a client.</summary>
    Terminated = 5,

    /// <summary>Scheduled and not yet picked up by a worker.</summary>
    Pending = 6,

    /// <summary>Suspended by a client.</summary>
    Suspended = 7,
}

/// <summary>Helpers over <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True for Completed, Failed, Canceled and Terminated: nothing more will happen to the instance.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) => status is
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Canceled or OrchestrationRuntimeStatus.Terminated;
}
