using Microsoft.Extensions.Logging;

namespace Augment.Dev.Triggers;

internal sealed partial class BlobTriggerLoop
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "{Function}: blob {BlobName} skipped: its name does not match '{Pattern}'")]
    private static partial void LogNoMatch(ILogger logger, string function, string blobName, string pattern);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "{Function}: blob {BlobName} ({ETag}) skipped: its receipt says it was handled already")]
    private static partial void LogAlreadyHandled(ILogger logger, string function, string blobName, string etag);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "{Function}: blob {BlobName} ({ETag}) is being handled by another scanner; retried next scan")]
    private static partial void LogBusy(ILogger logger, string function, string blobName, string etag);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "{Function}: blob {BlobName} ({ETag}) skipped: {Reason} before it ran")]
    private static partial void LogDropped(ILogger logger, string function, string blobName, string etag, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "{Function}: blob {BlobName} ({ETag}) handled on attempt {Attempt}")]
    private static partial void LogSucceeded(ILogger logger, string function, string blobName, string etag, int attempt);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "{Function}: blob {BlobName} ({ETag}) failed on attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogAttemptFailed(ILogger logger, string function, string blobName, string etag, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "{Function}: blob {BlobName} ({ETag}) poisoned after {Attempts} attempts, message sent to {PoisonQueue}: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string function, string blobName, string etag, int attempts, string poisonQueue, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "{Function}: blob {BlobName} ({ETag}): the receipt's lease was lost while it ran; another scanner may run it again")]
    private static partial void LogLeaseLost(ILogger logger, string function, string blobName, string etag);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "{Function}: blob {BlobName} ({ETag}) interrupted by stop; its receipt stays incomplete and is taken up again")]
    private static partial void LogInterrupted(ILogger logger, string function, string blobName, string etag);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Error, Message = "{Function}: blob {BlobName} ({ETag}) not handled because of a storage error; retried next scan")]
    private static partial void LogProcessingFailed(ILogger logger, string function, string blobName, string etag, Exception exception);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "{Function}: scan of container {Container} failed; retried next interval")]
    private static partial void LogScanFailed(ILogger logger, string function, string container, Exception exception);
}
