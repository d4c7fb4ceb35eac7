using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Testing;

/// <summary>
/// A hand-written <see cref="TaskOrchestrationContext"/> for unit tests of orchestrator code, with no engine behind it.
/// Activities are scripted by name (a handler per name; a handler that throws fails the call with a
/// <see cref="TaskFailedException"/> the way the worker reports an activity's exception). Inputs, results and event
/// payloads travel through JSON, as they do through the engine. Timers complete only when the test moves the manual
/// clock (<see cref="Advance"/>); external events arrive when the test raises them (<see cref="RaiseEvent"/>).
/// Every custom status is recorded. Everything runs synchronously on the calling thread: after <see cref="Run{T}"/>,
/// <see cref="Advance"/> or <see cref="RaiseEvent"/> returns, the orchestration has gone as far as it can.
/// Like the Microsoft worker, waiters for one event name form a stack (the newest gets the next event, a cancelled
/// waiter still takes one) and an event nobody waits for is buffered; a retry policy in <see cref="TaskOptions"/>
/// retries a failed call on a durable timer when the policy's handler says so.
/// Shared by the test projects (linked from tests/Shared).
/// </summary>
internal sealed class FakeOrchestrationContext : TaskOrchestrationContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, (Type Input, Func<object?, object?> Handler)> _activities = new(StringComparer.Ordinal);
    private readonly List<PendingTimer> _timers = [];
    private readonly Dictionary<string, Stack<IEventWaiter>> _waiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<string>> _buffered = new(StringComparer.Ordinal);
    private readonly object? _input;
    private DateTime _now;
    private int _taskIds;
    private int _timerSequence;
    private int _guids;

    /// <summary>Creates a context for instance <paramref name="instanceId"/> whose clock starts at <paramref name="start"/> (UTC).</summary>
    public FakeOrchestrationContext(string instanceId = "run-1", DateTime? start = null, object? input = null, string name = "Test")
    {
        InstanceId = instanceId;
        Name = name;
        _input = input;
        _now = DateTime.SpecifyKind(start ?? new DateTime(2025, 11, 21, 12, 0, 0), DateTimeKind.Utc);
    }

    /// <summary>One activity call as the orchestration made it.</summary>
    /// <param name="Name">The activity's name.</param>
    /// <param name="Input">The input object the orchestration passed.</param>
    /// <param name="Options">The task options (retry policy), if any.</param>
    /// <param name="At">The orchestration time of the call.</param>
    /// <param name="Attempt">1 for the first try, 2 for the first retry, …</param>
    public sealed record ActivityCall(string Name, object? Input, TaskOptions? Options, DateTime At, int Attempt);

    /// <inheritdoc/>
    public override TaskName Name { get; }

    /// <inheritdoc/>
    public override string InstanceId { get; }

    /// <inheritdoc/>
    public override ParentOrchestrationInstance? Parent => null;

    /// <inheritdoc/>
    public override DateTime CurrentUtcDateTime => _now;

    /// <inheritdoc/>
    public override bool IsReplaying => false;

    /// <inheritdoc/>
    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Every activity call, in order (retries included).</summary>
    public List<ActivityCall> Calls { get; } = [];

    /// <summary>Every custom status set, in order.</summary>
    public List<object?> CustomStatuses { get; } = [];

    /// <summary>The latest custom status.</summary>
    public object? CustomStatus => CustomStatuses.Count == 0 ? null : CustomStatuses[^1];

    /// <summary>Fire times of every timer created, in order.</summary>
    public List<DateTime> TimersCreated { get; } = [];

    /// <summary>Fire times of the timers still pending (neither fired nor cancelled).</summary>
    public IReadOnlyList<DateTime> PendingTimers => [.. _timers.Select(t => t.FireAt)];

    /// <summary>Events the orchestration sent to other instances.</summary>
    public List<(string InstanceId, string EventName, object Payload)> SentEvents { get; } = [];

    /// <summary>The calls of one activity, in order.</summary>
    public IReadOnlyList<ActivityCall> CallsTo(string name) => [.. Calls.Where(c => c.Name == name)];

    /// <summary>The custom statuses that are of type <typeparamref name="T"/>, in order.</summary>
    public IReadOnlyList<T> Statuses<T>() => [.. CustomStatuses.OfType<T>()];

    /// <summary>Scripts activity <paramref name="name"/>: its input (after a JSON round trip) goes to <paramref name="handler"/>.</summary>
    public FakeOrchestrationContext OnActivity<TInput, TResult>(string name, Func<TInput, TResult> handler)
    {
        _activities[name] = (typeof(TInput), input => handler((TInput)input!));
        return this;
    }

    /// <summary>Scripts activity <paramref name="name"/> to fail every call with <paramref name="message"/> as an exception of <paramref name="errorType"/> would.</summary>
    public FakeOrchestrationContext FailActivity(string name, string message, string errorType = "System.InvalidOperationException")
    {
        _activities[name] = (typeof(object), _ => throw Failure(name, message, errorType));
        return this;
    }

    /// <summary>The exception an orchestration sees when activity <paramref name="activity"/> threw an exception of <paramref name="errorType"/>.</summary>
    public static TaskFailedException Failure(string activity, string message, string errorType = "System.InvalidOperationException", int taskId = 0) =>
        new(activity, taskId, new TaskFailureDetails(errorType, message, "   at Fake.Activity()", null, null));

    /// <summary>Starts the orchestrator on this context and returns its task (complete, or waiting on a timer or event).</summary>
    public Task<T> Run<T>(Func<TaskOrchestrationContext, Task<T>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        Task<T>? task = null;
        WithoutContext(() => task = orchestrator(this));
        return task!;
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing every timer due on the way in time order (the clock stands at each timer's time while its continuation runs).</summary>
    public void Advance(TimeSpan by) => AdvanceTo(_now + by);

    /// <summary>Moves the clock to <paramref name="target"/>, firing due timers on the way.</summary>
    public void AdvanceTo(DateTime target)
    {
        WithoutContext(() =>
        {
            for (var fired = 0; ; fired++)
            {
                if (fired > 1_000_000)
                {
                    throw new InvalidOperationException("more than a million timers fired in one Advance: the orchestration loops on timers that are already due");
                }

                var due = _timers.Where(t => t.FireAt <= target).OrderBy(t => t.FireAt).ThenBy(t => t.Sequence).FirstOrDefault();
                if (due is null)
                {
                    break;
                }

                _timers.Remove(due);
                if (due.FireAt > _now)
                {
                    _now = due.FireAt;
                }

                due.Registration.Dispose();
                due.Source.TrySetResult();
            }

            if (target > _now)
            {
                _now = target;
            }
        });
    }

    /// <summary>Delivers an external event (payload through JSON) to the newest waiter for <paramref name="eventName"/>, or buffers it.</summary>
    public void RaiseEvent(string eventName, object? payload)
    {
        var json = JsonSerializer.Serialize(payload, payload?.GetType() ?? typeof(object), Json);
        WithoutContext(() => Deliver(eventName, json));
    }

    /// <inheritdoc/>
    public override T? GetInput<T>() where T : default => _input is null ? default : (T?)RoundTrip(_input, typeof(T));

    /// <inheritdoc/>
    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        if (input is TaskOptions && options is null)
        {
            throw new ArgumentException("A TaskOptions value was provided for the activity input but no value was provided for options.", nameof(input));
        }

        return options?.Retry?.Policy is { } policy
            ? WithRetryAsync<TResult>(name.Name, input, options, policy)
            : Invoke<TResult>(name.Name, input, options, 1);
    }

    /// <inheritdoc/>
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var at = fireAt.Kind == DateTimeKind.Utc ? fireAt : fireAt.ToUniversalTime();
        TimersCreated.Add(at);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var timer = new PendingTimer(at, _timerSequence++, new TaskCompletionSource());
        _timers.Add(timer);
        timer.Registration = cancellationToken.Register(() =>
        {
            _timers.Remove(timer);
            timer.Source.TrySetCanceled(cancellationToken);
        });
        return timer.Source.Task;
    }

    /// <inheritdoc/>
    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        var waiter = new EventWaiter<T>();
        if (!_waiters.TryGetValue(eventName, out var stack))
        {
            _waiters[eventName] = stack = new Stack<IEventWaiter>();
        }
        else if (stack.Count > 0 && stack.Peek().EventType != typeof(T))
        {
            throw new ArgumentException($"Events with the same name must have the same type argument. Expected {stack.Peek().EventType.FullName} but was requested {typeof(T).FullName}.");
        }

        stack.Push(waiter);
        if (_buffered.TryGetValue(eventName, out var queue) && queue.Count > 0)
        {
            Deliver(eventName, queue.Dequeue());
        }

        cancellationToken.Register(() => waiter.Source.TrySetCanceled(cancellationToken));
        return waiter.Source.Task;
    }

    /// <inheritdoc/>
    public override void SendEvent(string instanceId, string eventName, object payload) => SentEvents.Add((instanceId, eventName, payload));

    /// <inheritdoc/>
    public override void SetCustomStatus(object? customStatus) => CustomStatuses.Add(customStatus);

    /// <inheritdoc/>
    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        Task.FromException<TResult>(new NotSupportedException($"FakeOrchestrationContext runs no sub-orchestrations ({orchestratorName.Name})."));

    /// <inheritdoc/>
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("FakeOrchestrationContext does not support ContinueAsNew.");

    /// <inheritdoc/>
    public override Guid NewGuid()
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(++_guids).CopyTo(bytes, 0);
        return new Guid(bytes);
    }

    private static object? RoundTrip(object? value, Type type) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), Json), type, Json);

    private static void WithoutContext(Action action)
    {
        // No synchronization context: continuations run inline on this thread, in order, as on the engine's one thread.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Deliver(string eventName, string json)
    {
        if (_waiters.TryGetValue(eventName, out var stack) && stack.Count > 0)
        {
            var waiter = stack.Pop();
            waiter.Complete(JsonSerializer.Deserialize(json, waiter.EventType, Json));
            return;
        }

        if (!_buffered.TryGetValue(eventName, out var queue))
        {
            _buffered[eventName] = queue = new Queue<string>();
        }

        queue.Enqueue(json);
    }

    private Task<TResult> Invoke<TResult>(string name, object? input, TaskOptions? options, int attempt)
    {
        var taskId = _taskIds++;
        Calls.Add(new ActivityCall(name, input, options, _now, attempt));
        if (!_activities.TryGetValue(name, out var script))
        {
            return Task.FromException<TResult>(new InvalidOperationException($"FakeOrchestrationContext: no script for activity '{name}'."));
        }

        object? result;
        try
        {
            result = script.Handler(script.Input == typeof(object) ? input : RoundTrip(input, script.Input));
        }
        catch (TaskFailedException ex)
        {
            return Task.FromException<TResult>(ex);
        }
        catch (Exception ex)
        {
            // What the worker reports for an activity's exception: its type name and message.
            return Task.FromException<TResult>(new TaskFailedException(name, taskId, new TaskFailureDetails(ex.GetType().FullName!, ex.Message, ex.StackTrace, null, null)));
        }

        return Task.FromResult((TResult)RoundTrip(result, typeof(TResult))!);
    }

    private async Task<TResult> WithRetryAsync<TResult>(string name, object? input, TaskOptions options, RetryPolicy policy)
    {
        var first = _now;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Invoke<TResult>(name, input, options, attempt);
            }
            catch (TaskFailedException ex) when (attempt < policy.MaxNumberOfAttempts && policy.Handle(ToCore(ex)))
            {
                // DurableTask.Core's retry interceptor: first interval × coefficient^(attempt-1), at most the max, within the retry timeout.
                var delay = TimeSpan.FromTicks((long)Math.Min(policy.FirstRetryInterval.Ticks * Math.Pow(policy.BackoffCoefficient, attempt - 1), policy.MaxRetryInterval.Ticks));
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && _now + delay > first + policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(_now + delay, CancellationToken.None);
            }
        }
    }

    private static global::DurableTask.Core.Exceptions.TaskFailedException ToCore(TaskFailedException ex) =>
        new(ex.FailureDetails.ErrorMessage)
        {
            FailureDetails = new global::DurableTask.Core.FailureDetails(ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage, ex.FailureDetails.StackTrace, null, false),
        };

    private sealed class PendingTimer(DateTime fireAt, int sequence, TaskCompletionSource source)
    {
        public DateTime FireAt { get; } = fireAt;

        public int Sequence { get; } = sequence;

        public TaskCompletionSource Source { get; } = source;

        public CancellationTokenRegistration Registration { get; set; }
    }

    private interface IEventWaiter
    {
        Type EventType { get; }

        void Complete(object? value);
    }

    private sealed class EventWaiter<T> : IEventWaiter
    {
        public TaskCompletionSource<T> Source { get; } = new();

        public Type EventType => typeof(T);

        public void Complete(object? value) => Source.TrySetResult((T)value!);
    }
}
