using System.Text.Json;
using Augment.Durable.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable;

/// <summary>What became of one delivered queue message; the caller maps it to the invocation's HTTP status.</summary>
public enum DeliveryOutcome
{
    /// <summary>The episode or activity ran and was committed (or the message was a duplicate): delete the message.</summary>
    Processed,

    /// <summary>The message is not a task message (or not for this queue): delete it, nothing to do.</summary>
    Unreadable,

    /// <summary>The message must come back later: another worker committed first, it arrived before the history it
    /// refers to, or processing was cancelled. Fail the invocation so that the host redelivers it.</summary>
    Retry,
}

/// <summary>
/// Processes one queue message that a Functions host has already dequeued and delivered to a queue-triggered
/// function (the custom handler's durable functions): a control-queue message runs one orchestration episode over
/// the instance's current history, a work-item message runs one activity. Nothing here touches the message itself:
/// the host deletes it when the invocation succeeds and redelivers it (dequeue count + 1) when it fails, which is
/// what <see cref="DeliveryOutcome.Retry"/> asks for. The commit is the engine's usual ETag-guarded checkpoint.
/// </summary>
public sealed class DeliveredMessageProcessor
{
    private readonly IOrchestrationService _service;
    private readonly IDeliveredMessageBackend _backend;
    private readonly OrchestrationWorkItemProcessor _orchestrations;
    private readonly ActivityWorkItemProcessor _activities;

    // One episode at a time per instance within this process (striped by instance id): a host delivers up to 16
    // messages of a queue at once, and completions of a fan-out would otherwise race for the same history ETag and
    // be retried again and again. Across processes the ETag still decides.
    private readonly SemaphoreSlim[] _instanceGates = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Creates a processor over <paramref name="service"/> (the Azure Storage backend).</summary>
    /// <exception cref="ArgumentException">The backend cannot process delivered messages.</exception>
    public DeliveredMessageProcessor(
        AzureStorageOrchestrationService service,
        DurableTaskRegistry registry,
        DurableTaskOptions? options = null,
        ILogger? logger = null,
        DataConverter? dataConverter = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(registry);
        _service = service;
        _backend = service;
        var converter = dataConverter ?? JsonDataConverter.Default;
        var time = timeProvider ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        _orchestrations = new OrchestrationWorkItemProcessor(registry, converter, time, log);
        _activities = new ActivityWorkItemProcessor(registry, converter, (options ?? new DurableTaskOptions()).Validate(), time, log);
    }

    /// <summary>Runs one orchestration episode for a control-queue message.</summary>
    /// <param name="messageText">The message text as the host delivered it (already base64-decoded).</param>
    /// <param name="dequeueCount">The host's <c>DequeueCount</c> (1 on first delivery).</param>
    /// <param name="cancellationToken">Cancels the episode (the message is then retried).</param>
    public async Task<DeliveryOutcome> ProcessControlMessageAsync(string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = TryParse(messageText);
        if (message is null || message.Event is TaskScheduledEvent)
        {
            return DeliveryOutcome.Unreadable;
        }

        var gate = _instanceGates[(int)(AzureStorage.TaskHubLayout.Fnv1a(message.InstanceId) % (uint)_instanceGates.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var received = new ReceivedTaskMessage(message, dequeueCount);
            var workItem = await _backend.ReadDeliveredWorkItemAsync(received, cancellationToken);
            var session = new DeliveredSession(_service, _backend);
            var committed = await _orchestrations.ProcessAsync(session, workItem, cancellationToken);
            return committed && !session.Deferred ? DeliveryOutcome.Processed : DeliveryOutcome.Retry;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs one activity for a work-item-queue message and sends its completion to the instance.</summary>
    /// <param name="messageText">The message text as the host delivered it (already base64-decoded).</param>
    /// <param name="dequeueCount">The host's <c>DequeueCount</c>.</param>
    /// <param name="cancellationToken">Cancels the activity (the message is then retried).</param>
    public async Task<DeliveryOutcome> ProcessWorkItemMessageAsync(string messageText, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = TryParse(messageText);
        if (message?.Event is not TaskScheduledEvent)
        {
            return DeliveryOutcome.Unreadable;
        }

        var workItem = new ActivityWorkItem { Message = new ReceivedTaskMessage(message, dequeueCount) };
        var session = new DeliveredSession(_service, _backend);
        var completed = await _activities.ProcessAsync(session, workItem, cancellationToken);
        return completed ? DeliveryOutcome.Processed : DeliveryOutcome.Retry;
    }

    private static TaskMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, DurableJsonContext.Default.TaskMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The backend as the work-item processors see it for one delivered message: commits go through the
    /// delivered-message path, and abandoning or renewing is left to the host (it owns the message).
    /// </summary>
    private sealed class DeliveredSession(IOrchestrationService inner, IDeliveredMessageBackend backend) : IOrchestrationService
    {
        public bool Deferred { get; private set; }

        public async Task CompleteOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, OrchestrationCommit commit, CancellationToken cancellationToken = default) =>
            Deferred = !await backend.CommitDeliveredAsync(workItem, commit, cancellationToken);

        public Task AbandonOrchestrationWorkItemAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RenewActivityWorkItemLockAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, TaskMessage response, CancellationToken cancellationToken = default) =>
            inner.SendTaskMessageAsync(response, cancellationToken);

        public Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

        public Task CreateInstanceAsync(InstanceState state, TaskMessage startMessage, CancellationToken cancellationToken = default) =>
            inner.CreateInstanceAsync(state, startMessage, cancellationToken);

        public Task SendTaskMessageAsync(TaskMessage message, CancellationToken cancellationToken = default) => inner.SendTaskMessageAsync(message, cancellationToken);

        public Task<OrchestrationWorkItem?> LockNextOrchestrationWorkItemAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("A delivered-message session does not poll.");

        public Task<ActivityWorkItem?> LockNextActivityWorkItemAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("A delivered-message session does not poll.");

        public Task<InstanceState?> GetInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetInstanceStateAsync(instanceId, cancellationToken);

        public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(instanceId, cancellationToken);

        public Task<InstanceStatePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) => inner.ListInstancesAsync(query, cancellationToken);

        public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => inner.PurgeInstanceAsync(instanceId, cancellationToken);
    }
}

/// <summary>A backend that can run an episode for a message it did not dequeue itself.</summary>
internal interface IDeliveredMessageBackend
{
    /// <summary>Reads the instance's history and state (with their ETags) into a work item holding just <paramref name="message"/>.</summary>
    Task<OrchestrationWorkItem> ReadDeliveredWorkItemAsync(ReceivedTaskMessage message, CancellationToken cancellationToken);

    /// <summary>Commits an episode (outbound messages, history under its ETag, state) without deleting any message;
    /// returns false when the delivered message was deferred and must be redelivered.</summary>
    /// <exception cref="Storage.StorageConflictException">Someone else committed first; the history was not written.</exception>
    Task<bool> CommitDeliveredAsync(OrchestrationWorkItem workItem, OrchestrationCommit commit, CancellationToken cancellationToken);
}
