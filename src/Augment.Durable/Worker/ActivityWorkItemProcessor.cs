using Microsoft.Extensions.Logging;

namespace Augment.Durable;

/// <summary>Runs one locked activity and sends its completion (or failure, as data) back to the instance.</summary>
internal sealed partial class ActivityWorkItemProcessor(DurableTaskRegistry registry, DataConverter converter, DurableTaskOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Runs the activity; returns false when it was abandoned because <paramref name="cancellationToken"/> fired.</summary>
    public async Task<bool> ProcessAsync(IOrchestrationService service, ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        var message = workItem.Message.Message;
        var scheduled = workItem.Scheduled;
        HistoryEvent response;
        if (!registry.TryGetActivity(scheduled.Name, out var activity))
        {
            response = Failed(scheduled.EventId, new FailureDetails("ActivityNotFound", $"No activity named '{scheduled.Name}' is registered.", IsNonRetriable: true));
        }
        else
        {
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewing = RenewWhileRunningAsync(service, workItem, renewal.Token);
            try
            {
                var context = new TaskActivityContext(scheduled.Name, message.InstanceId, scheduled.EventId);
                var result = await activity(context, scheduled.Input, converter, cancellationToken);
                response = new TaskCompletedEvent { TaskScheduledId = scheduled.EventId, Timestamp = time.GetUtcNow(), Result = result };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await renewal.CancelAsync();
                await renewing;
                await service.AbandonActivityWorkItemAsync(workItem, CancellationToken.None);
                return false;
            }
            catch (Exception ex)
            {
                LogActivityFailed(logger, scheduled.Name, message.InstanceId, scheduled.EventId, ex);
                response = Failed(scheduled.EventId, FailureDetails.FromException(ex));
            }

            await renewal.CancelAsync();
            await renewing;
        }

        await service.CompleteActivityWorkItemAsync(workItem, message with { Event = response }, CancellationToken.None);
        return true;
    }

    private TaskFailedEvent Failed(int taskScheduledId, FailureDetails failure) => new()
    {
        TaskScheduledId = taskScheduledId,
        Timestamp = time.GetUtcNow(),
        Reason = failure.ErrorMessage,
        FailureDetails = failure,
    };

    private async Task RenewWhileRunningAsync(IOrchestrationService service, ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        var interval = options.WorkItemVisibilityTimeout / 2;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken);
                await service.RenewActivityWorkItemLockAsync(workItem, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The activity finished.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRenewFailed(logger, workItem.Scheduled.Name, workItem.Message.Message.InstanceId, ex);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Activity {Name} (#{TaskId}) of instance {InstanceId} threw.")]
    private static partial void LogActivityFailed(ILogger logger, string name, string instanceId, int taskId, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Activity {Name} of instance {InstanceId}: lock renewal failed; the message may be redelivered.")]
    private static partial void LogRenewFailed(ILogger logger, string name, string instanceId, Exception exception);
}
