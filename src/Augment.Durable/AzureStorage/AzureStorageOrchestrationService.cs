using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Augment.Durable.AzureStorage;
using Augment.Durable.Engine;
using Augment.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable;

/// <summary>
/// The Azure Storage backend, over <see cref="IBlobStore"/> and <see cref="IQueueStore"/> (Azurite or Azure). Each
/// instance has a state blob and a history blob (a JSON list of events); every write is guarded by
/// <c>If-Match</c> / <c>If-None-Match: *</c>. Per episode: send outbound messages, write history (the history
/// blob's ETag is the concurrency token), write state, delete the consumed messages.
/// </summary>
public sealed partial class AzureStorageOrchestrationService : IOrchestrationService, IDisposable
{
    private readonly IBlobStore _blobs;
    private readonly IQueueStore _queues;
    private readonly DurableTaskOptions _options;
    private readonly ILogger _logger;
    private readonly TaskHubLayout _layout;
    private readonly TimeProvider _time;

    /// <summary>Creates the backend; call <see cref="CreateIfNotExistsAsync"/> before use (the worker does).</summary>
    /// <param name="blobs">The blob store (Azurite, Azure, or in memory).</param>
    /// <param name="queues">The queue store.</param>
    /// <param name="options">Engine options (validated); defaults when null.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="timeProvider">The clock used to compute timer message delays; <see cref="TimeProvider.System"/> when null.</param>
    public AzureStorageOrchestrationService(IBlobStore blobs, IQueueStore queues, DurableTaskOptions? options = null, ILogger<AzureStorageOrchestrationService>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(queues);
        _blobs = blobs;
        _queues = queues;
        _options = (options ?? new DurableTaskOptions()).Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _layout = new TaskHubLayout(_options.TaskHub, _options.PartitionCount);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The control queue names, in partition order.</summary>
    public IReadOnlyList<string> ControlQueueNames => _layout.ControlQueues;

    /// <summary>The work-item (activity) queue name.</summary>
    public string WorkItemQueueName => _layout.WorkItemQueue;

    /// <inheritdoc/>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var queue in _layout.ControlQueues.Append(_layout.WorkItemQueue))
        {
            await _queues.CreateQueueIfNotExistsAsync(queue, cancellationToken);
        }

        await _blobs.CreateContainerIfNotExistsAsync(_layout.InstancesContainer, cancellationToken);
        await _blobs.CreateContainerIfNotExistsAsync(_layout.HistoryContainer, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task CreateInstanceAsync(InstanceState state, TaskMessage startMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(startMessage);
        var (existing, etag) = await ReadJsonAsync(_layout.InstancesContainer, state.InstanceId, DurableJsonContext.Default.InstanceState, cancellationToken);
        if (existing is not null && !existing.RuntimeStatus.IsTerminal())
        {
            throw new InvalidOperationException($"An active instance with id '{state.InstanceId}' already exists.");
        }

        try
        {
            await WriteStateAsync(state, etag, cancellationToken);
        }
        catch (StorageConflictException ex)
        {
            throw new InvalidOperationException($"Instance '{state.InstanceId}' was created concurrently.", ex);
        }

        if (existing is not null)
        {
            await _blobs.DeleteAsync(_layout.HistoryContainer, state.InstanceId, cancellationToken: cancellationToken);
        }

        await SendTaskMessageAsync(startMessage, cancellationToken);
    }

    /// <inheritdoc/>
    public Task SendTaskMessageAsync(TaskMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendControlAsync(message, cancellationToken);
    }

    /// <summary>Control messages never expire (a timer may wait longer than the 7-day default TTL); timers start invisible.</summary>
    private async Task SendControlAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        var delay = TimerMessages.DelayFor(message, _time.GetUtcNow(), _options.MaxTimerMessageDelay);
        await _queues.SendAsync(
            _layout.ControlQueueFor(message.InstanceId),
            JsonSerializer.Serialize(message, DurableJsonContext.Default.TaskMessage),
            delay,
            Timeout.InfiniteTimeSpan,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<InstanceState?> GetInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default) =>
        (await ReadJsonAsync(_layout.InstancesContainer, instanceId, DurableJsonContext.Default.InstanceState, cancellationToken)).Value;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        (await ReadJsonAsync(_layout.HistoryContainer, instanceId, DurableJsonContext.Default.ListHistoryEvent, cancellationToken)).Value ?? [];

    private const string StatusMetadata = "RuntimeStatus";
    private const string CreatedMetadata = "CreatedTicks";

    private Task<BlobInfo> WriteStateAsync(InstanceState state, ETag? ifMatch, CancellationToken cancellationToken) =>
        WriteJsonAsync(_layout.InstancesContainer, state.InstanceId, state, DurableJsonContext.Default.InstanceState, ifMatch, cancellationToken,
            new Dictionary<string, string>
            {
                [StatusMetadata] = state.RuntimeStatus.ToString(),
                [CreatedMetadata] = state.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    private async Task SendAsync(string queue, TaskMessage message, CancellationToken cancellationToken) =>
        await _queues.SendAsync(queue, JsonSerializer.Serialize(message, DurableJsonContext.Default.TaskMessage), cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _fetchGate.Dispose();

    private async Task<(T? Value, ETag? ETag)> ReadJsonAsync<T>(string container, string name, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        await using var download = await _blobs.OpenReadAsync(container, name, cancellationToken: cancellationToken);
        if (download is null)
        {
            return (null, null);
        }

        var value = await JsonSerializer.DeserializeAsync(download.Content, typeInfo, cancellationToken);
        return (value, download.Info.ETag);
    }

    private async Task<BlobInfo> WriteJsonAsync<T>(
        string container, string name, T value, JsonTypeInfo<T> typeInfo, ETag? ifMatch, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        var options = new BlobWriteOptions
        {
            IfMatch = ifMatch,
            IfNoneMatchAny = ifMatch is null,
            ContentType = "application/json",
            Metadata = metadata,
        };
        return await _blobs.UploadAsync(container, name, content, options, cancellationToken);
    }
}
