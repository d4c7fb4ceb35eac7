using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Dev.Triggers;

/// <summary>
/// An NCRONTAB timer trigger with the Functions host's behaviour (CONTRACTS.md §3): one host at a time runs it (a
/// blob lease on <c>azure-webjobs-hosts/locks/{hostId}/Host.Functions.{name}.Listener</c>); when a host takes the
/// lock it checks the status blob and fires one catch-up run with <c>IsPastDue</c> if a due time was missed, or one
/// run if <c>runOnStartup</c>; then it fires at each occurrence and rewrites the status blob after every run. A
/// failed run is logged, not retried. All times come from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class TimerLoop : IAsyncDisposable
{
    private readonly BlobContainerClient _hosts;
    private readonly TimerLoopOptions _options;
    private readonly Func<TimerFire, CancellationToken, Task> _callback;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly BackgroundLoop _loop = new();
    private TimerScheduleStatus? _status;
    private DateTimeOffset _next = DateTimeOffset.MaxValue;

    /// <summary>Creates a loop that calls <paramref name="callback"/> on schedule.</summary>
    /// <param name="hosts">The <c>azure-webjobs-hosts</c> container (status and lock blobs).</param>
    /// <param name="options">The timer's settings (validated here).</param>
    /// <param name="callback">The function. A throw is logged; the schedule moves on.</param>
    /// <param name="logger">Where firings, failures and lock changes are logged.</param>
    /// <param name="time">The clock. Default: the system clock.</param>
    public TimerLoop(
        BlobContainerClient hosts,
        TimerLoopOptions options,
        Func<TimerFire, CancellationToken, Task> callback,
        ILogger<TimerLoop>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callback);
        options.Validate();
        _hosts = hosts;
        _options = options;
        _callback = callback;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True while this loop holds the singleton lock (renewed in the background, also while a run lasts) and keeps the schedule.</summary>
    public bool IsPrimary => _lease is not null && !LockLost;

    /// <summary>When the timer fires next (meaningful while primary).</summary>
    public DateTimeOffset NextOccurrence => _next;

    /// <summary>
    /// Creates the hosts container, tries to take the lock once (running the start-up checks, and any catch-up or
    /// start-up run, when it gets it), then keeps the schedule, renewing or re-trying the lock, in the background.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _hosts.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (await TryAcquireLockAsync(cancellationToken))
        {
            await OnBecamePrimaryAsync(cancellationToken);
        }

        _loop.Start(RunAsync);
    }

    /// <summary>Stops the schedule (waiting for a run in progress) and releases the lock.</summary>
    public async Task StopAsync()
    {
        await _loop.StopAsync();
        await ReleaseLockAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _loop.Dispose();
    }

    /// <summary>Fires the callback if this loop is primary and the next occurrence has come (the loop calls this; tests call it on a manual clock).</summary>
    /// <returns>True when it fired.</returns>
    internal async Task<bool> FireIfDueAsync(CancellationToken cancellationToken)
    {
        if (!IsPrimary || _time.GetUtcNow() < _next)
        {
            return false;
        }

        await InvokeAsync(isPastDue: false, cancellationToken);
        return true;
    }

    /// <summary>On taking the lock: the past-due check (one catch-up run), else <c>runOnStartup</c>; then the next occurrence.</summary>
    internal async Task OnBecamePrimaryAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _status = null;
        _next = Next(now);
        if (_options.MonitorEnabled(now))
        {
            var status = await CheckPastDueAsync(now, cancellationToken);
            if (now > status.Next)
            {
                await InvokeAsync(isPastDue: true, cancellationToken);
                return;
            }

            _next = status.Next;
        }

        if (_options.RunOnStartup)
        {
            await InvokeAsync(isPastDue: false, cancellationToken);
        }
    }

    private async Task InvokeAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var invocationTime = _time.GetUtcNow();
        LogFiring(_logger, _options.FunctionName, isPastDue);
        try
        {
            await _callback(new TimerFire(_status, isPastDue), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, _options.FunctionName, ex);
        }

        _next = Next(invocationTime);
        if (_status is not null)
        {
            await WriteStatusAsync(new TimerScheduleStatus(invocationTime, _next, invocationTime), cancellationToken);
        }
    }

    private DateTimeOffset Next(DateTimeOffset after) => _options.Schedule.GetNextOccurrence(after) ?? DateTimeOffset.MaxValue;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var checkEvery = _options.LockPeriod / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_lease is not null && LockLost)
                {
                    await DropLostLockAsync();
                }

                TimeSpan wait;
                if (IsPrimary)
                {
                    await FireIfDueAsync(cancellationToken);
                    var untilNext = _next - _time.GetUtcNow();
                    wait = untilNext < checkEvery ? untilNext : checkEvery;
                }
                else if (await TryAcquireLockAsync(cancellationToken))
                {
                    await OnBecamePrimaryAsync(cancellationToken);
                    continue;
                }
                else
                {
                    wait = _options.LockAcquireInterval;
                }

                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(10), _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogLoopError(_logger, _options.FunctionName, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
            }
        }
    }
}
