using Augment.Durable.Engine;
using Augment.Storage;

namespace Augment.Durable;

/// <summary>
/// The Azure backend's half of <see cref="DeliveredMessageProcessor"/>: a message that a Functions host already
/// dequeued (the host owns its pop receipt and deletes it when the invocation succeeds) is turned into a work item
/// over the instance's current history and state, and an episode is committed without touching the queue.
/// </summary>
public sealed partial class AzureStorageOrchestrationService : IDeliveredMessageBackend
{
    /// <inheritdoc/>
    async Task<OrchestrationWorkItem> IDeliveredMessageBackend.ReadDeliveredWorkItemAsync(ReceivedTaskMessage message, CancellationToken cancellationToken)
    {
        var instanceId = message.Message.InstanceId;
        var (state, stateETag) = await ReadJsonAsync(_layout.InstancesContainer, instanceId, DurableJsonContext.Default.InstanceState, cancellationToken);
        var (history, historyETag) = await ReadJsonAsync(_layout.HistoryContainer, instanceId, DurableJsonContext.Default.ListHistoryEvent, cancellationToken);
        return new OrchestrationWorkItem
        {
            InstanceId = instanceId,
            NewMessages = [message],
            PastEvents = history ?? [],
            State = state,
            LockState = new AzureLock(historyETag, stateETag),
        };
    }

    /// <inheritdoc/>
    async Task<bool> IDeliveredMessageBackend.CommitDeliveredAsync(OrchestrationWorkItem workItem, OrchestrationCommit commit, CancellationToken cancellationToken)
    {
        var azureLock = (AzureLock)workItem.LockState!;

        // Steps 1-3 of CompleteOrchestrationWorkItemAsync (keep the two in step), minus step 4: the host deletes the
        // delivered message when the invocation succeeds.
        foreach (var message in commit.ActivityMessages)
        {
            await SendAsync(_layout.WorkItemQueue, message, cancellationToken);
        }

        foreach (var message in commit.OrchestratorMessages)
        {
            await SendTaskMessageAsync(message, cancellationToken);
        }

        ETag? committed = null;
        if (commit.NewEvents.Count > 0)
        {
            List<HistoryEvent> history = commit.ReplacesHistory ? [.. commit.NewEvents] : [.. workItem.PastEvents, .. commit.NewEvents];
            committed = (await WriteJsonAsync(_layout.HistoryContainer, workItem.InstanceId, history, DurableJsonContext.Default.ListHistoryEvent, azureLock.HistoryETag, cancellationToken)).ETag;
        }

        if (commit.State is not null)
        {
            try
            {
                await WriteStateAsync(commit.State, azureLock.StateETag, cancellationToken);
            }
            catch (StorageConflictException) when (committed is { } ours)
            {
                await RewriteStateAfterConflictAsync(commit.State, ours, cancellationToken);
            }
            catch (StorageConflictException)
            {
                LogStateConflict(_logger, workItem.InstanceId);
            }
        }

        // A deferred message must come back: a timer not yet due hops as a new delayed message (the delivered one is
        // then consumed); anything else is retried by the host.
        var consumed = true;
        var now = _time.GetUtcNow();
        foreach (var deferred in commit.DeferredMessages)
        {
            if (TimerMessages.IsEarlyTimer(deferred.Message, now))
            {
                await SendControlAsync(deferred.Message, cancellationToken);
            }
            else
            {
                consumed = false;
            }
        }

        return consumed;
    }
}
