namespace Augment.Pipeline.Training;

/// <summary>
/// An infrastructure failure while starting, polling or stopping a trainer execution (HTTP error, malformed reply,
/// missing process). Retryable per the orchestration's policy; the message is one line.
/// </summary>
public sealed class TrainingJobException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public TrainingJobException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public TrainingJobException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TrainingJobException() : base("Training job infrastructure failure.")
    {
    }
}
