namespace Augment.Durable;

/// <summary>Starts orchestration instances and queries them, over any <see cref="IOrchestrationService"/>.</summary>
public sealed class DurableTaskClient
{
    private readonly IOrchestrationService _service;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;

    /// <summary>Creates a client.</summary>
    public DurableTaskClient(IOrchestrationService service, DataConverter? dataConverter = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _converter = dataConverter ?? JsonDataConverter.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The first delay between polls in <see cref="WaitForInstanceCompletionAsync"/> (doubles up to 1 s). Default 20 ms.</summary>
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Schedules a new instance of orchestrator <paramref name="orchestratorName"/> and returns its id.</summary>
    /// <exception cref="InvalidOperationException">An active instance with <paramref name="instanceId"/> exists.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, string? instanceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(id);
        var executionId = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow();
        var serializedInput = _converter.Serialize(input);
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

    /// <summary>Reads an instance's status; null when it does not exist.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var state = await _service.GetInstanceStateAsync(instanceId, cancellationToken);
        return state is null ? null : OrchestrationMetadata.From(state, getInputsAndOutputs, _converter);
    }

    /// <summary>Reads an instance's history.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _service.GetHistoryAsync(instanceId, cancellationToken);

    /// <summary>Polls until the instance reaches a terminal status (or <paramref name="cancellationToken"/> fires).</summary>
    /// <exception cref="InvalidOperationException">The instance does not exist.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default)
    {
        var delay = MinPollingInterval;
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken)
                ?? throw new InvalidOperationException($"Instance '{instanceId}' does not exist.");
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>Lists instances matching <paramref name="query"/> (all when null).</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> ListInstancesAsync(InstanceQuery? query = null, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var states = await _service.ListInstancesAsync(query ?? new InstanceQuery(), cancellationToken);
        return states.Select(s => OrchestrationMetadata.From(s, getInputsAndOutputs, _converter)).ToList();
    }

    private static void ValidateInstanceId(string id)
    {
        if (id.Length is 0 or > 256 || id.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException($"Instance id '{id}' must be 1–256 characters without control characters, '/', '\\', '#' or '?'.", nameof(id));
        }
    }
}
