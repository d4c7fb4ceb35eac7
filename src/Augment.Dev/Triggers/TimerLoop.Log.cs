using Microsoft.Extensions.Logging;

namespace Augment.Dev.Triggers;

internal sealed partial class TimerLoop
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "{Function}: timer fired (past due: {IsPastDue})")]
    private static partial void LogFiring(ILogger logger, string function, bool isPastDue);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "{Function}: timer run failed (not retried)")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "{Function}: singleton lock {What}")]
    private static partial void LogLock(ILogger logger, string function, string what);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "{Function}: unreadable status blob {StatusBlob} treated as missing: {Reason}")]
    private static partial void LogBadStatus(ILogger logger, string function, string statusBlob, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "{Function}: schedule changed (stored next {StoredNext:o}, schedule says {ExpectedNext:o}); next recomputed, not past due")]
    private static partial void LogScheduleChanged(ILogger logger, string function, DateTimeOffset storedNext, DateTimeOffset expectedNext);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "{Function}: timer loop error")]
    private static partial void LogLoopError(ILogger logger, string function, Exception exception);
}
