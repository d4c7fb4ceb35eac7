using Augment.Durable.Engine;
using Augment.Durable.Tests.Fakes;

namespace Augment.Durable.Tests;

public sealed class OrchestrationExecutorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ExecutionStartedEvent Started(string name, string? input = null) =>
        new() { Timestamp = T0, Name = name, Input = input, OrchestrationInstance = new("i1", "e1") };

    [Fact]
    public void Execute_ReplaySafeLogger_LogsEachLineOnceAcrossEpisodes()
    {
        var logger = new ListLogger();
        var registry = new DurableTaskRegistry()
            .AddOrchestrator<string>("Logged", async context =>
            {
                var log = context.CreateReplaySafeLogger(logger);
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(log, "before");
                var value = await context.CallActivityAsync<string>("Any");
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(log, "after");
                return value;
            });
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);

        var first = executor.Execute("i1", [], [Started("Logged")], T0);
        var second = executor.Execute("i1", first.NewEvents, [new TaskCompletedEvent { TaskScheduledId = 0, Result = "\"v\"" }], T0.AddSeconds(1));

        Assert.Equal(["before", "after"], logger.Messages);
        Assert.True(second.IsCompleted);
        Assert.Equal("\"v\"", Assert.IsType<ExecutionCompletedEvent>(second.NewEvents[^1]).Result);
    }

    [Fact]
    public void Execute_HistoryHasTaskCodeNoLongerSchedules_FailsNamingSequenceId()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string>("Empty", _ => Task.FromResult("done"));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);
        List<HistoryEvent> past =
        [
            new OrchestratorStartedEvent { Timestamp = T0 },
            Started("Empty"),
            new TaskScheduledEvent { EventId = 0, Timestamp = T0, Name = "Gone" },
            new OrchestratorCompletedEvent { Timestamp = T0 },
        ];

        var result = executor.Execute("i1", past, [new TaskCompletedEvent { TaskScheduledId = 0 }], T0.AddSeconds(1));

        var failed = Assert.IsType<ExecutionFailedEvent>(result.NewEvents[^1]);
        Assert.Contains("sequence ID 0", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'Gone'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_UnknownOrchestrator_FailsNonRetriably()
    {
        var executor = new OrchestrationExecutor(new DurableTaskRegistry(), JsonDataConverter.Default);

        var result = executor.Execute("i1", [], [Started("Missing")], T0);

        var failed = Assert.IsType<ExecutionFailedEvent>(result.NewEvents[^1]);
        Assert.Equal("OrchestratorNotFound", failed.FailureDetails.ErrorType);
        Assert.True(failed.FailureDetails.IsNonRetriable);
    }

    [Fact]
    public void Execute_OrchestratorThrowsSynchronously_FailsWithItsException()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string, string>("Throws", (_, _) => throw new ArgumentException("bad input"));
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);

        var result = executor.Execute("i1", [], [Started("Throws")], T0);

        var failed = Assert.IsType<ExecutionFailedEvent>(result.NewEvents[^1]);
        Assert.Equal(typeof(ArgumentException).FullName, failed.FailureDetails.ErrorType);
        Assert.Equal("bad input", failed.FailureDetails.ErrorMessage);
    }

    [Fact]
    public void Execute_FanOut_SchedulesInSequenceOrderWithEpisodeTimestamp()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<int, int>("Fan", async (context, n) =>
            (await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>("Sq", i)))).Sum());
        var executor = new OrchestrationExecutor(registry, JsonDataConverter.Default);

        var result = executor.Execute("i1", [], [Started("Fan", "3")], T0);

        var scheduled = result.NewEvents.OfType<TaskScheduledEvent>().ToList();
        Assert.Equal([0, 1, 2], scheduled.Select(s => s.EventId));
        Assert.Equal(["0", "1", "2"], scheduled.Select(s => s.Input));
        Assert.All(scheduled, s => Assert.Equal(T0, s.Timestamp));
        Assert.False(result.IsCompleted);
    }
}
