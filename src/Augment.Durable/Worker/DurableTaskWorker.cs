using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Durable;

/// <summary>
/// Polls a backend for orchestration and activity work items and runs them: episodes and activities each with a
/// bounded degree of parallelism, exponential back-off while idle, graceful stop (no new work; in-flight work
/// finishes, or is abandoned when the stop token fires).
/// </summary>
public sealed partial class DurableTaskWorker : IAsyncDisposable
{
    private readonly IOrchestrationService _service;
    private readonly DurableTaskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrchestrationWorkItemProcessor _orchestrations;
    private readonly ActivityWorkItemProcessor _activities;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private Task? _running;

    /// <summary>Creates a worker; nothing runs until <see cref="StartAsync"/>.</summary>
    public DurableTaskWorker(
        IOrchestrationService service,
        DurableTaskRegistry registry,
        DurableTaskOptions? options = null,
        ILogger<DurableTaskWorker>? logger = null,
        DataConverter? dataConverter = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(registry);
        _service = service;
        _options = (options ?? new DurableTaskOptions()).Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var converter = dataConverter ?? JsonDataConverter.Default;
        _orchestrations = new OrchestrationWorkItemProcessor(registry, converter, _time, _logger);
        _activities = new ActivityWorkItemProcessor(registry, converter, _options, _time, _logger);
    }

    /// <summary>Creates the backend's resources and starts polling.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("The worker is already started.");
        }

        await _service.CreateIfNotExistsAsync(cancellationToken);
        var orchestrations = Task.Run(() => RunLoopAsync(
            "orchestration",
            _service.LockNextOrchestrationWorkItemAsync,
            ProcessOrchestrationAsync,
            _options.MaxConcurrentOrchestrations), CancellationToken.None);
        var activities = Task.Run(() => RunLoopAsync(
            "activity",
            _service.LockNextActivityWorkItemAsync,
            (item, ct) => _activities.ProcessAsync(_service, item, ct),
            _options.MaxConcurrentActivities), CancellationToken.None);
        _running = Task.WhenAll(orchestrations, activities);
        LogStarted(_logger, _options.TaskHub, _options.MaxConcurrentOrchestrations, _options.MaxConcurrentActivities);
    }

    /// <summary>Stops polling and waits for in-flight work; when <paramref name="cancellationToken"/> fires, running
    /// activities are cancelled and their messages abandoned.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_running is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        using var registration = cancellationToken.Register(() => _aborting.Cancel());
        await _running;
        _running = null;
        if (_service is IPartitionOwner owner)
        {
            await owner.ReleasePartitionsAsync();
        }

        LogStopped(_logger, _options.TaskHub);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _aborting.Dispose();
    }

    private async Task ProcessOrchestrationAsync(OrchestrationWorkItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _orchestrations.ProcessAsync(_service, item, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogWorkItemFailed(_logger, "orchestration", ex);
            await _service.AbandonOrchestrationWorkItemAsync(item, CancellationToken.None);
        }
    }

    private async Task RunLoopAsync<T>(string kind, Func<CancellationToken, Task<T?>> fetch, Func<T, CancellationToken, Task> process, int concurrency)
        where T : class
    {
        var stopping = _stopping.Token;
        using var slots = new SemaphoreSlim(concurrency);
        var inFlight = new ConcurrentDictionary<int, Task>();
        var delay = _options.MinPollingInterval;
        var next = 0;
        while (!stopping.IsCancellationRequested)
        {
            T? item = null;
            try
            {
                await slots.WaitAsync(stopping);
                item = await fetch(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPollFailed(_logger, kind, ex);
            }

            if (item is null)
            {
                slots.Release();
                try
                {
                    await Task.Delay(delay, _time, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollingInterval.Ticks));
                continue;
            }

            delay = _options.MinPollingInterval;
            var id = next++;
            inFlight[id] = Task.Run(async () =>
            {
                try
                {
                    await process(item, _aborting.Token);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogWorkItemFailed(_logger, kind, ex);
                }
                finally
                {
                    slots.Release();
                    inFlight.TryRemove(id, out _);
                }
            }, CancellationToken.None);
        }

        await Task.WhenAll(inFlight.Values);
    }
}
