using Microsoft.Extensions.Logging;

namespace Augment.LocalHost.Timers;

public sealed partial class TimerTriggerListener
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "{Function}: timer fired (past due: {IsPastDue})")]
    private static partial void LogFiring(ILogger logger, string function, bool isPastDue);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "{Function}: timer run failed (not retried)")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "{Function}: singleton lock {What}")]
    private static partial void LogLock(ILogger logger, string function, string what);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "{Function}: unreadable status blob ignored: {Reason}")]
    private static partial void LogBadStatus(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "{Function}: timer loop error")]
    private static partial void LogLoopError(ILogger logger, string function, Exception exception);
}
