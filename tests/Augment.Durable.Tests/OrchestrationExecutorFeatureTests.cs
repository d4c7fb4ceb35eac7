using Augment.Durable.Engine;

namespace Augment.Durable.Tests;

/// <summary>Replay semantics of timers, events, suspension, termination, ContinueAsNew and retries, episode by episode.</summary>
public sealed class OrchestrationExecutorFeatureTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ExecutionStartedEvent Started(string name, string? input = null) =>
        new() { Timestamp = T0, Name = name, Input = input, OrchestrationInstance = new("i1", "e1") };

    private static List<HistoryEvent> Past(params HistoryEvent[] events) =>
        [new OrchestratorStartedEvent { Timestamp = T0 }, .. events, new OrchestratorCompletedEvent { Timestamp = T0 }];

    [Fact]
    public void Execute_HistoryHasTimerButCodeCallsActivity_NonDeterminismNamesSequenceIdAndBothTasks()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("Changed", c => c.CallActivityAsync<string>("X"));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);

        var result = executor.Execute("i1", Past(Started("Changed"), new TimerCreatedEvent { EventId = 0, FireAt = T0 }), [new TimerFiredEvent { TimerId = 0, FireAt = T0 }], T0);

        var failed = Assert.IsType<ExecutionFailedEvent>(result.NewEvents[^1]);
        Assert.Contains("sequence ID 0", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Expected a timer, actual activity 'X'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_HistoryHasOtherSubOrchestration_NonDeterminismNamesBoth()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("Changed", c => c.CallSubOrchestratorAsync<string>("B"));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);
        var created = new SubOrchestrationInstanceCreatedEvent { EventId = 0, Name = "A", InstanceId = "i1:0000" };

        var result = executor.Execute("i1", Past(Started("Changed"), created), [new SubOrchestrationInstanceCompletedEvent { TaskScheduledId = 0 }], T0);

        var failed = Assert.IsType<ExecutionFailedEvent>(result.NewEvents[^1]);
        Assert.Contains("Expected sub-orchestration 'A', actual sub-orchestration 'B'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_EventWhileSuspended_HeldUntilResumedThenDelivered()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("Wait", c => c.WaitForExternalEvent<string>("e"));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);
        var first = executor.Execute("i1", [], [Started("Wait")], T0);

        var suspended = executor.Execute("i1", first.NewEvents, [new ExecutionSuspendedEvent(), new EventRaisedEvent { Name = "E", Input = "\"p\"" }], T0);
        var resumed = executor.Execute("i1", [.. first.NewEvents, .. suspended.NewEvents], [new ExecutionResumedEvent()], T0);

        Assert.False(suspended.IsCompleted);
        Assert.True(resumed.IsCompleted);
        Assert.Equal("\"p\"", Assert.IsType<ExecutionCompletedEvent>(resumed.NewEvents[^1]).Result);
    }

    [Fact]
    public void Execute_Terminate_EndsWithTerminatedAndSchedulesNothing()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("Act", c => c.CallActivityAsync<string>("A"));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);

        var result = executor.Execute("i1", [], [Started("Act"), new ExecutionTerminatedEvent { Input = "\"why\"" }], T0);

        Assert.Empty(result.NewEvents.OfType<TaskScheduledEvent>());
        var done = Assert.IsType<ExecutionCompletedEvent>(result.NewEvents[^1]);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.OrchestrationStatus);
        Assert.Equal("\"why\"", done.Result);
    }

    [Fact]
    public void Execute_ContinueAsNew_ReturnsNewInputAndUnconsumedEventsInArrivalOrder()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<int, int>("Loop", async (c, n) =>
        {
            await c.WaitForExternalEvent<string>("go");
            c.ContinueAsNew(n + 1);
            return n;
        });
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);
        EventRaisedEvent[] events =
        [
            new() { Name = "b", Input = "1" }, new() { Name = "go" }, new() { Name = "a", Input = "2" }, new() { Name = "b", Input = "3" },
        ];

        var result = executor.Execute("i1", [], [Started("Loop", "5"), .. events], T0);

        var done = Assert.IsType<ExecutionCompletedEvent>(result.NewEvents[^1]);
        Assert.Equal(OrchestrationRuntimeStatus.ContinuedAsNew, done.OrchestrationStatus);
        Assert.Equal("6", result.ContinueAsNew?.Input);
        Assert.Equal(["1", "2", "3"], result.ContinueAsNew!.CarriedEvents.Select(e => e.Input));
    }

    [Fact]
    public void Execute_TimerCancelledByCode_AwaitThrowsTaskCanceled()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("Cancel", async c =>
        {
            using var cts = new CancellationTokenSource();
            var timer = c.CreateTimer(TimeSpan.FromHours(1), cts.Token);
            cts.Cancel();
            try
            {
                await timer;
                return "fired";
            }
            catch (TaskCanceledException)
            {
                return "cancelled";
            }
        });
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);

        var result = executor.Execute("i1", [], [Started("Cancel")], T0);

        Assert.Equal("\"cancelled\"", Assert.IsType<ExecutionCompletedEvent>(result.NewEvents[^1]).Result);
    }

    [Fact]
    public void Execute_RetryPolicyExhausted_FailsWithLastAttemptsFailureAfterTimers()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(10), backoffCoefficient: 3);
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("R", c => c.CallActivityAsync<string>("A", null, new TaskOptions(policy)));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);
        var history = new List<HistoryEvent>();
        var now = T0;
        EpisodeResult Step(params HistoryEvent[] events)
        {
            var r = executor.Execute("i1", history, events, now);
            history.AddRange(r.NewEvents);
            now = now.AddSeconds(1);
            return r;
        }

        FailureDetails Failure(int n) => new("System.InvalidOperationException", $"attempt {n}");
        Step(Started("R"));
        var firstTimer = Step(new TaskFailedEvent { TaskScheduledId = 0, FailureDetails = Failure(1) }).NewEvents.OfType<TimerCreatedEvent>().Single();
        Step(new TimerFiredEvent { TimerId = 1, FireAt = firstTimer.FireAt });
        var secondTimer = Step(new TaskFailedEvent { TaskScheduledId = 2, FailureDetails = Failure(2) }).NewEvents.OfType<TimerCreatedEvent>().Single();
        Step(new TimerFiredEvent { TimerId = 3, FireAt = secondTimer.FireAt });
        var last = Step(new TaskFailedEvent { TaskScheduledId = 4, FailureDetails = Failure(3) });

        Assert.Equal(T0.AddSeconds(1 + 10), firstTimer.FireAt);
        Assert.Equal(T0.AddSeconds(3 + 30), secondTimer.FireAt);
        Assert.Equal([0, 2, 4], history.OfType<TaskScheduledEvent>().Select(e => e.EventId));
        var failed = Assert.IsType<ExecutionFailedEvent>(last.NewEvents[^1]);
        Assert.Equal("attempt 3", failed.FailureDetails.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public void Execute_RandomEventsSplitAcrossEpisodes_EachNameGetsItsEventsInArrivalOrder()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string[], List<int>>("Collect", async (c, order) =>
        {
            var received = new List<int>();
            foreach (var name in order)
            {
                received.Add(await c.WaitForExternalEvent<int>(name));
            }

            return received;
        });
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);
        var random = new Random(20251121);
        for (var trial = 0; trial < 200; trial++)
        {
            // Events named a/b/c with payload = arrival index; the code waits for the same names in a shuffled order.
            var names = Enumerable.Range(0, random.Next(1, 12)).Select(_ => "abc"[random.Next(3)].ToString()).ToArray();
            var order = names.OrderBy(_ => random.Next()).ToArray();
            var expected = order.Select((name, k) => Enumerable.Range(0, names.Length).Where(i => names[i] == name)
                .ElementAt(order.Take(k).Count(n => n == name))).ToList();
            var history = new List<HistoryEvent>();
            var first = executor.Execute("i1", history, [Started("Collect", JsonDataConverter.Default.Serialize(order))], T0);
            history.AddRange(first.NewEvents);
            EpisodeResult last = first;
            for (var next = 0; next < names.Length;)
            {
                var take = random.Next(1, names.Length - next + 1);
                var chunk = Enumerable.Range(next, take).Select(i => (HistoryEvent)new EventRaisedEvent { Name = names[i], Input = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
                last = executor.Execute("i1", history, chunk, T0);
                history.AddRange(last.NewEvents);
                next += take;
                Assert.Equal(next == names.Length, last.IsCompleted);
            }

            var output = JsonDataConverter.Default.Deserialize<List<int>>(Assert.IsType<ExecutionCompletedEvent>(last.NewEvents[^1]).Result);
            Assert.Equal(expected, output);
        }
    }
}
