namespace Augment.Durable;

/// <summary>
/// A failure as data: what an activity or orchestrator threw, persisted in history and returned to clients
/// (after Durable Task's <c>TaskFailureDetails</c>).
/// </summary>
/// <param name="ErrorType">The full name of the exception type.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace, when there was one.</param>
/// <param name="InnerFailure">The inner failure, when there was one.</param>
/// <param name="IsNonRetriable">True when a retry cannot help (e.g. a non-deterministic orchestration).</param>
public sealed record FailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    FailureDetails? InnerFailure = null,
    bool IsNonRetriable = false)
{
    /// <summary>Captures an exception (and its inner chain) as data.</summary>
    public static FailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = exception switch
        {
            TaskFailedException failed => failed.FailureDetails,
            _ when exception.InnerException is { } e => FromException(e),
            _ => null,
        };
        return new FailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            inner,
            exception is NonDeterministicOrchestrationException);
    }

    /// <summary>True when this failure, or one of its inner failures, is of the given exception type.</summary>
    public bool IsCausedBy<TException>() where TException : Exception
    {
        var name = typeof(TException).FullName;
        for (var f = this; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorType == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
