using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Augment.Dev.Durable;

/// <summary>
/// Keeps the queue messages of running activities invisible, which the sidecar's dispatcher does not do. DurableTask.Core's
/// own activity dispatcher renews a work item's lock while it runs; the sidecar of <c>Microsoft.DurableTask.InProcessTestHost</c>
/// (<c>Sidecar/Dispatcher/WorkItemDispatcher.cs</c>) declares <c>RenewWorkItemAsync</c> but never calls it. On DTFx's Azure
/// Storage provider an activity that runs longer than <c>WorkItemQueueVisibilityTimeout</c> then has its message
/// dequeued again (new pop receipt), and its completion's delete fails with <c>PopReceiptMismatch</c>; the message stays
/// and the activity runs again later. This renews each running activity's lock every <c>interval</c> (half the visibility
/// timeout) until the work item is completed or abandoned, and waits for a renewal in flight before either, so the delete
/// uses the latest pop receipt.
/// </summary>
/// <param name="renew">Renews one work item's lock (the wrapped service's <c>RenewTaskActivityWorkItemLockAsync</c>).</param>
/// <param name="interval">Time between renewals.</param>
/// <param name="time">The clock the renewal timer runs on.</param>
/// <param name="logger">Gets a debug line per renewal (event 4100) and a warning per failed one (4101; the next tick tries again).</param>
internal sealed partial class ActivityLockRenewal(Func<TaskActivityWorkItem, Task> renew, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<TaskActivityWorkItem, (CancellationTokenSource Stop, Task Loop)> running = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many work items are being renewed now.</summary>
    public int Count => running.Count;

    /// <summary>Starts renewing <paramref name="workItem"/>'s lock (once per work item).</summary>
    public void Start(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (running.ContainsKey(workItem))
        {
            return;
        }

        // A work item is started and stopped by one dispatcher task, one after the other: no race on the same item.
        var stop = new CancellationTokenSource();
        running[workItem] = (stop, RenewAsync(workItem, stop.Token));
    }

    /// <summary>Stops renewing <paramref name="workItem"/> and waits for a renewal in flight to end.</summary>
    public async Task StopAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (running.TryRemove(workItem, out var entry))
        {
            await entry.Stop.CancelAsync();
            await entry.Loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            entry.Stop.Dispose();
        }
    }

    private async Task RenewAsync(TaskActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await renew(workItem);
                    LogRenewed(logger, workItem.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewFailed(logger, workItem.Id, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Completed or abandoned.
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Renewed the lock of activity work item {WorkItemId}")]
    private static partial void LogRenewed(ILogger logger, string workItemId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Renewing the lock of activity work item {WorkItemId} failed: {Reason}; trying again on the next tick")]
    private static partial void LogRenewFailed(ILogger logger, string workItemId, string reason);
}
