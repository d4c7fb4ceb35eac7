namespace Augment.Durable;

/// <summary>No instance with the given id exists (HTTP 404 in the management API).</summary>
public sealed class InstanceNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public InstanceNotFoundException(string instanceId)
        : base($"Instance '{instanceId}' does not exist.")
    {
        InstanceId = instanceId;
    }

    /// <summary>Creates the exception.</summary>
    public InstanceNotFoundException() : this("unknown")
    {
    }

    /// <summary>Creates the exception.</summary>
    public InstanceNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
        InstanceId = "unknown";
    }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }
}

/// <summary>
/// The instance already reached a terminal status (Completed, Failed, Canceled, Terminated), so it cannot receive
/// events or be terminated, suspended or resumed (HTTP 410 Gone in the management API).
/// </summary>
public sealed class InstanceNotActiveException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="instanceId"/> in <paramref name="status"/>.</summary>
    public InstanceNotActiveException(string instanceId, OrchestrationRuntimeStatus status, string action)
        : base($"Cannot {action} instance '{instanceId}': it is {status}.")
    {
        InstanceId = instanceId;
        RuntimeStatus = status;
    }

    /// <summary>Creates the exception.</summary>
    public InstanceNotActiveException() : this("unknown", OrchestrationRuntimeStatus.Completed, "change")
    {
    }

    /// <summary>Creates the exception.</summary>
    public InstanceNotActiveException(string message) : base(message)
    {
        InstanceId = "unknown";
    }

    /// <summary>Creates the exception.</summary>
    public InstanceNotActiveException(string message, Exception innerException) : base(message, innerException)
    {
        InstanceId = "unknown";
    }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Its terminal status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; }
}
