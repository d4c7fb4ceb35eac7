using Microsoft.Extensions.Logging;

namespace Augment.Pipeline.Images;

public sealed partial class ImageActivities
{
    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Run {RunId}: sampling images through ONNX Runtime on {Provider} ({Reason})")]
    private static partial void LogOnnxSession(ILogger logger, string runId, string provider, string reason);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Run {RunId}: {Reason}; sampling images with our own forward pass")]
    private static partial void LogOnnxFallback(ILogger logger, string runId, string reason);
}
