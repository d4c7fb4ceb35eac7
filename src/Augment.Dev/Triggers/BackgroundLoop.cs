namespace Augment.Dev.Triggers;

/// <summary>
/// A trigger loop's background task: <see cref="Start"/> runs it on the thread pool with its own cancellation,
/// <see cref="StopAsync"/> cancels it and waits for the iteration in progress (after which it may be started again).
/// Stopping twice, or before starting, does nothing.
/// </summary>
internal sealed class BackgroundLoop : IDisposable
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    /// <summary>True between <see cref="Start"/> and <see cref="StopAsync"/>.</summary>
    public bool IsRunning => _loop is not null;

    /// <summary>Starts <paramref name="run"/> with a token that <see cref="StopAsync"/> cancels.</summary>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public void Start(Func<CancellationToken, Task> run)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The loop is already started.");
        }

        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loop = Task.Run(() => run(token), CancellationToken.None);
    }

    /// <summary>
    /// Cancels the loop and waits for it, then for <paramref name="drain"/> (work the loop started with its token,
    /// which stays valid until then); a cancellation either ends with is expected, not an error.
    /// </summary>
    public async Task StopAsync(Func<Task>? drain = null)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            if (drain is not null)
            {
                await drain();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _stopping.Dispose();
            (_stopping, _loop) = (null, null);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stopping?.Dispose();
}
