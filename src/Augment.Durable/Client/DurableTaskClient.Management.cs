namespace Augment.Durable;

public sealed partial class DurableTaskClient
{
    /// <summary>
    /// Sends external event <paramref name="eventName"/> with <paramref name="eventPayload"/> to the instance. Events that
    /// arrive before the orchestrator waits for them are buffered in order; events sent while suspended are held.
    /// </summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InstanceNotActiveException">The instance is Completed, Failed, Canceled or Terminated.</exception>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await SendToActiveAsync(instanceId, "raise an event on", new EventRaisedEvent { Timestamp = _time.GetUtcNow(), Name = eventName, Input = _converter.Serialize(eventPayload) }, cancellationToken);
    }

    /// <summary>Terminates a pending, running or suspended instance; its output becomes <paramref name="reason"/>.</summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InstanceNotActiveException">The instance already finished.</exception>
    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendToActiveAsync(instanceId, "terminate", new ExecutionTerminatedEvent { Timestamp = _time.GetUtcNow(), Input = _converter.Serialize(reason) }, cancellationToken);

    /// <summary>Suspends an instance: it stops making progress, and events it receives are held until it is resumed.</summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InstanceNotActiveException">The instance already finished.</exception>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendToActiveAsync(instanceId, "suspend", new ExecutionSuspendedEvent { Timestamp = _time.GetUtcNow(), Reason = reason }, cancellationToken);

    /// <summary>Resumes a suspended instance (no effect on one that is not suspended).</summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InstanceNotActiveException">The instance already finished.</exception>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendToActiveAsync(instanceId, "resume", new ExecutionResumedEvent { Timestamp = _time.GetUtcNow(), Reason = reason }, cancellationToken);

    /// <summary>
    /// Starts the instance's orchestrator again with the same input: under the same id (which must have finished) or,
    /// with <paramref name="restartWithNewInstanceId"/>, under a new id. Returns the id of the new run.
    /// </summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InvalidOperationException">Same id, and the instance is still active.</exception>
    public async Task<string> RestartInstanceAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellationToken = default)
    {
        var state = await _service.GetInstanceStateAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        return await ScheduleSerializedAsync(state.Name, state.Input, restartWithNewInstanceId ? null : instanceId, cancellationToken);
    }

    /// <summary>Deletes a finished instance's history and state. Returns a count of 0 when it does not exist.</summary>
    /// <exception cref="InvalidOperationException">The instance is still pending, running or suspended.</exception>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await _service.GetInstanceStateAsync(instanceId, cancellationToken);
        if (state is null)
        {
            return new PurgeResult(0);
        }

        if (!state.RuntimeStatus.IsTerminal())
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {state.RuntimeStatus}; only finished instances can be purged (terminate it first).");
        }

        return new PurgeResult(await _service.PurgeInstanceAsync(instanceId, cancellationToken) ? 1 : 0);
    }

    /// <summary>Deletes every finished instance created in the filter's time range with one of its statuses.</summary>
    /// <exception cref="ArgumentException">A status in the filter is not terminal, or the range is inverted.</exception>
    public async Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.RuntimeStatus?.Where(s => !s.IsTerminal()).ToList() is [var active, ..])
        {
            throw new ArgumentException($"Cannot purge {active} instances: only Completed, Failed, Canceled or Terminated ones.", nameof(filter));
        }

        IReadOnlyCollection<OrchestrationRuntimeStatus> statuses = filter.RuntimeStatus is { Count: > 0 } given
            ? given
            : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Canceled, OrchestrationRuntimeStatus.Terminated];
        var query = new InstanceQuery { CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, RuntimeStatus = statuses, PageSize = 1000 }.Validate();
        var purged = 0;
        do
        {
            var page = await _service.ListInstancesAsync(query, cancellationToken);
            foreach (var state in page.Instances)
            {
                purged += await _service.PurgeInstanceAsync(state.InstanceId, cancellationToken) ? 1 : 0;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);
        return new PurgeResult(purged);
    }

    private async Task SendToActiveAsync(string instanceId, string action, HistoryEvent e, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var state = await _service.GetInstanceStateAsync(instanceId, cancellationToken) ?? throw new InstanceNotFoundException(instanceId);
        if (state.RuntimeStatus.IsTerminal())
        {
            throw new InstanceNotActiveException(instanceId, state.RuntimeStatus, action);
        }

        // An empty execution id targets whichever execution is current when the message is processed (it survives ContinueAsNew).
        await _service.SendTaskMessageAsync(new TaskMessage(instanceId, string.Empty, e), cancellationToken);
    }

    private async Task<string> ScheduleSerializedAsync(string orchestratorName, string? serializedInput, string? instanceId, CancellationToken cancellationToken)
    {
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(id);
        var executionId = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow();
        var started = new ExecutionStartedEvent
        {
            Timestamp = now,
            Name = orchestratorName,
            Input = serializedInput,
            OrchestrationInstance = new OrchestrationInstance(id, executionId),
        };
        var state = new InstanceState
        {
            InstanceId = id,
            ExecutionId = executionId,
            Name = orchestratorName,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            Input = serializedInput,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        await _service.CreateInstanceAsync(state, new TaskMessage(id, executionId, started), cancellationToken);
        return id;
    }
}

/// <summary>One page of a listing.</summary>
/// <param name="Instances">The instances, in instance-id order.</param>
/// <param name="ContinuationToken">Set <see cref="InstanceQuery.ContinuationToken"/> to this for the next page; null after the last.</param>
public sealed record InstancePage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
