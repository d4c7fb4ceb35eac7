using Augment.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.LocalHost.Triggers;

/// <summary>Settings of one queue trigger; defaults are the Functions host's (<c>extensions.queues</c> in host.json).</summary>
public sealed class QueueTriggerOptions
{
    /// <summary>The function's name. Required.</summary>
    public required string FunctionName { get; init; }

    /// <summary>The queue to poll. Required.</summary>
    public required string QueueName { get; init; }

    /// <summary>Attempts before a message moves to <c>{queue}-poison</c>. Default 5.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Messages received and run in parallel per poll (1–32). Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The longest wait between polls of an empty queue (the wait doubles from <see cref="MinPollingInterval"/>). Default 1 minute.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait after an empty poll. Default 100 ms.</summary>
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Delay before a failed message is retried; 0 = back off 1, 2, 4 … s (at most 1 minute). Default 0.</summary>
    public TimeSpan VisibilityTimeout { get; init; }

    /// <summary>How long a received message stays hidden while it runs. Default 10 minutes.</summary>
    public TimeSpan RunningVisibility { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The poison queue: <c>{queue}-poison</c>.</summary>
    public string PoisonQueueName => QueueName + "-poison";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(FunctionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(QueueName);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDequeueCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, 32);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MinPollingInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPollingInterval, MinPollingInterval);
    }
}

/// <summary>
/// A queue trigger with the Functions host's behaviour: receive a batch with a visibility timeout and run it in
/// parallel; delete a message when its run succeeds; on failure hide it again for a back-off, and after
/// <see cref="QueueTriggerOptions.MaxDequeueCount"/> attempts copy it to <c>{queue}-poison</c> and delete it (a message
/// already past the limit when received — its run crashed the host — is poisoned without running). Empty polls back
/// off exponentially up to <see cref="QueueTriggerOptions.MaxPollingInterval"/>; a non-empty poll polls again at once.
/// </summary>
public sealed partial class QueueTriggerListener : IAsyncDisposable
{
    private readonly IQueueStore _queues;
    private readonly QueueTriggerOptions _options;
    private readonly Func<QueueMessage, CancellationToken, Task> _function;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly BackgroundLoop _loop = new();

    /// <summary>Creates a listener that calls <paramref name="function"/> for each message.</summary>
    public QueueTriggerListener(IQueueStore queues, QueueTriggerOptions options, Func<QueueMessage, CancellationToken, Task> function, ILogger? logger = null, TimeProvider? time = null)
    {
        options.Validate();
        _queues = queues;
        _options = options;
        _function = function;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Creates the queue and its poison queue, then polls in the background until stopped.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _queues.CreateQueueIfNotExistsAsync(_options.QueueName, cancellationToken);
        await _queues.CreateQueueIfNotExistsAsync(_options.PoisonQueueName, cancellationToken);
        _loop.Start(RunAsync);
    }

    /// <summary>Stops polling and waits for running messages.</summary>
    public Task StopAsync() => _loop.StopAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _loop.Dispose();
    }

    /// <summary>One poll: receives a batch and runs it.</summary>
    /// <returns>How many messages were received.</returns>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        var messages = await _queues.ReceiveAsync(_options.QueueName, _options.BatchSize, _options.RunningVisibility, cancellationToken);
        await Task.WhenAll(messages.Select(m => ProcessAsync(m, cancellationToken)));
        return messages.Count;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await PoisonAsync(message, "dequeue count past the limit before it ran", cancellationToken);
            return;
        }

        try
        {
            await _function(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, _options.FunctionName, message.MessageId, message.DequeueCount, ex.Message);
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                await PoisonAsync(message, ex.Message, cancellationToken);
                return;
            }

            var backoff = _options.VisibilityTimeout > TimeSpan.Zero
                ? _options.VisibilityTimeout
                : TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, message.DequeueCount - 1)));
            await TryAsync(() => _queues.UpdateMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, backoff, cancellationToken: cancellationToken));
            return;
        }

        await TryAsync(() => _queues.DeleteMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, cancellationToken));
    }

    private async Task PoisonAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        LogPoisoned(_logger, _options.FunctionName, message.MessageId, _options.PoisonQueueName, reason);
        await _queues.SendAsync(_options.PoisonQueueName, message.Text, cancellationToken: cancellationToken);
        await TryAsync(() => _queues.DeleteMessageAsync(_options.QueueName, message.MessageId, message.PopReceipt, cancellationToken));
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (StorageConflictException)
        {
            // The pop receipt is stale: the message became visible again and someone else has it.
            LogStaleReceipt(_logger, _options.FunctionName);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var wait = _options.MinPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await PollOnceAsync(cancellationToken) > 0)
                {
                    wait = _options.MinPollingInterval;
                    continue;
                }

                await Task.Delay(wait, _time, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxPollingInterval.Ticks));
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

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "{Function}: message {MessageId} failed on attempt {Attempt}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string messageId, long attempt, string reason);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "{Function}: message {MessageId} moved to {PoisonQueue}: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, string poisonQueue, string reason);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "{Function}: pop receipt went stale; the message will be redelivered")]
    private static partial void LogStaleReceipt(ILogger logger, string function);

    [LoggerMessage(EventId = 503, Level = LogLevel.Error, Message = "{Function}: queue loop error")]
    private static partial void LogLoopError(ILogger logger, string function, Exception exception);
}
