using Microsoft.Extensions.Logging;

namespace Augment.LocalHost.Triggers;

public sealed partial class BlobTriggerListener
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Function}: new blob version {BlobName} ({ETag}) queued")]
    private static partial void LogEnqueued(ILogger logger, string function, string blobName, string etag);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Function}: {BlobName} was {What} before it ran; message dropped")]
    private static partial void LogDropped(ILogger logger, string function, string blobName, string what);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Function}: {BlobName} failed on attempt {Attempt}")]
    private static partial void LogFailed(ILogger logger, string function, string blobName, long attempt, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "{Function}: message {MessageId} moved to the poison queue: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "{Function}: trigger loop error")]
    private static partial void LogLoopError(ILogger logger, string function, Exception exception);
}
