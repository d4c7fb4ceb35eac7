namespace Augment.LocalHost.Triggers;

/// <summary>
/// A trigger listener's background loop: <see cref="Start"/> runs it on the thread pool with its own cancellation,
/// <see cref="StopAsync"/> cancels it and waits for the iteration in progress to finish (after which it may be started
/// again). Stopping twice, or before starting, does nothing.
/// </summary>
internal sealed class BackgroundLoop : IDisposable
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    /// <summary>Starts <paramref name="run"/> with a token that <see cref="StopAsync"/> cancels.</summary>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public void Start(Func<CancellationToken, Task> run)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loop = Task.Run(() => run(token), CancellationToken.None);
    }

    /// <summary>Cancels the loop and waits for it; a cancellation it ends with is expected, not an error.</summary>
    public async Task StopAsync()
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
        finally
        {
            _stopping.Dispose();
            (_stopping, _loop) = (null, null);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stopping?.Dispose();
}
