using Augment.LocalHost.Triggers;
using Augment.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.LocalHost.Timers;

/// <summary>
/// An NCRONTAB timer trigger with the Functions host's behaviour (CONTRACTS.md §3): one host at a time runs it (a
/// blob lease on <c>azure-webjobs-hosts/locks/{hostId}/Host.Functions.{Name}.Listener</c>); when a host takes the
/// lock it checks the status blob and fires one catch-up run with <c>IsPastDue</c> if a due time was missed, or one
/// run if <c>runOnStartup</c>; then it fires at each occurrence and rewrites the status blob after every run. A
/// failed run is logged, not retried. All times come from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class TimerTriggerListener : IAsyncDisposable
{
    /// <summary>The container of status and lock blobs.</summary>
    public const string HostsContainer = "azure-webjobs-hosts";

    private readonly IBlobStore _blobs;
    private readonly TimerTriggerOptions _options;
    private readonly Func<TimerInfo, CancellationToken, Task> _function;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly BackgroundLoop _loop = new();
    private TimerStatus? _status;
    private DateTimeOffset _next;

    /// <summary>Creates a listener that calls <paramref name="function"/> on schedule.</summary>
    public TimerTriggerListener(IBlobStore blobs, TimerTriggerOptions options, Func<TimerInfo, CancellationToken, Task> function, ILogger? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        _blobs = blobs;
        _options = options;
        _function = function;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True while this listener holds the singleton lock and runs the schedule.</summary>
    public bool IsPrimary => _leaseId is not null;

    /// <summary>When the timer fires next (valid while primary).</summary>
    public DateTimeOffset NextOccurrence => _next;

    /// <summary>
    /// Creates the hosts container, tries to take the lock once (running the startup checks when it gets it) and then
    /// keeps the schedule, renewing or re-trying the lock, in the background until stopped.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _blobs.CreateContainerIfNotExistsAsync(HostsContainer, cancellationToken);
        if (await TryAcquireLockAsync(cancellationToken))
        {
            await OnBecamePrimaryAsync(cancellationToken);
        }

        _loop.Start(RunAsync);
    }

    /// <summary>Stops the schedule and releases the lock.</summary>
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

    /// <summary>Fires the function if its next occurrence has come (the loop calls this; tests call it with a manual clock).</summary>
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

    /// <summary>On taking the lock: past-due check, else runOnStartup; then the next occurrence.</summary>
    internal async Task OnBecamePrimaryAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        _next = Next(now);
        if (_options.MonitorEnabled(now.UtcDateTime))
        {
            var pastDue = await CheckPastDueAsync(now, cancellationToken);
            if (pastDue)
            {
                await InvokeAsync(isPastDue: true, cancellationToken);
                return;
            }

            _next = _status!.Next;
        }

        if (_options.RunOnStartup)
        {
            await InvokeAsync(isPastDue: false, cancellationToken);
        }
    }

    private async Task InvokeAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var invocationTime = _time.GetUtcNow();
        var monitor = _status is not null;
        LogFiring(_logger, _options.FunctionName, isPastDue);
        try
        {
            await _function(new TimerInfo(_status, isPastDue), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, _options.FunctionName, ex);
        }

        // Fired a moment early (clock skew): count it as the scheduled time, so the same occurrence does not fire twice.
        if (!isPastDue && invocationTime < _next && _next - invocationTime < TimeSpan.FromSeconds(1))
        {
            invocationTime = _next;
        }

        _next = Next(invocationTime);
        if (monitor)
        {
            await WriteStatusAsync(new TimerStatus(invocationTime, _next, invocationTime), cancellationToken);
        }
    }

    private DateTimeOffset Next(DateTimeOffset after) =>
        _options.Schedule.GetNextOccurrence(after.UtcDateTime) is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : DateTimeOffset.MaxValue;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var renewEvery = _options.LockPeriod / 3;
        var lastRenew = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                TimeSpan wait;
                if (IsPrimary)
                {
                    if (_time.GetUtcNow() - lastRenew >= renewEvery)
                    {
                        lastRenew = _time.GetUtcNow();
                        if (!await RenewLockAsync(cancellationToken))
                        {
                            continue;
                        }
                    }

                    await FireIfDueAsync(cancellationToken);
                    var untilNext = _next - _time.GetUtcNow();
                    wait = untilNext < renewEvery ? untilNext : renewEvery;
                }
                else
                {
                    if (await TryAcquireLockAsync(cancellationToken))
                    {
                        lastRenew = _time.GetUtcNow();
                        await OnBecamePrimaryAsync(cancellationToken);
                        continue;
                    }

                    wait = _options.LockAcquirePollInterval;
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
