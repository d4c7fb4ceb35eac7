namespace Augment.Durable;

/// <summary>
/// Starts, queries and manages orchestration instances over any <see cref="IOrchestrationService"/>: the calls behind the
/// Durable Functions HTTP management API (start, status, history, list, raise event, terminate, suspend, resume,
/// restart, purge).
/// </summary>
public sealed partial class DurableTaskClient
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
    /// <exception cref="ArgumentException">The instance id is empty, longer than 256 characters or has '/', '\\', '#', '?' or control characters.</exception>
    public Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, string? instanceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        return ScheduleSerializedAsync(orchestratorName, _converter.Serialize(input), instanceId, cancellationToken);
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
    /// <exception cref="InstanceNotFoundException">The instance does not exist.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default)
    {
        var delay = MinPollingInterval;
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken)
                ?? throw new InstanceNotFoundException(instanceId);
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>Lists one page of instances matching <paramref name="query"/> (all when null), in instance-id order.</summary>
    /// <exception cref="ArgumentException">The page size, time range or continuation token is invalid.</exception>
    public async Task<InstancePage> ListInstancesAsync(InstanceQuery? query = null, CancellationToken cancellationToken = default)
    {
        query = (query ?? new InstanceQuery()).Validate();
        var page = await _service.ListInstancesAsync(query, cancellationToken);
        return new InstancePage(
            page.Instances.Select(s => OrchestrationMetadata.From(s, query.FetchInputsAndOutputs, _converter)).ToList(),
            page.ContinuationToken);
    }

    private static void ValidateInstanceId(string id)
    {
        if (id.Length is 0 or > 256 || id.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException($"Instance id '{id}' must be 1–256 characters without control characters, '/', '\\', '#' or '?'.", nameof(id));
        }
    }
}
