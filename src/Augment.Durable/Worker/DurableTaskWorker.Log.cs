using Microsoft.Extensions.Logging;

namespace Augment.Durable;

public sealed partial class DurableTaskWorker
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Durable worker started on task hub {TaskHub} ({Orchestrations} episodes, {Activities} activities at once).")]
    private static partial void LogStarted(ILogger logger, string taskHub, int orchestrations, int activities);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Durable worker on task hub {TaskHub} stopped.")]
    private static partial void LogStopped(ILogger logger, string taskHub);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Polling for {Kind} work failed; retrying after back-off.")]
    private static partial void LogPollFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Processing a {Kind} work item failed; it will be redelivered.")]
    private static partial void LogWorkItemFailed(ILogger logger, string kind, Exception exception);
}
