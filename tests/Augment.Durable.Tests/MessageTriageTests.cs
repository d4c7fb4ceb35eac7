using Augment.Durable.Engine;

namespace Augment.Durable.Tests;

public sealed class MessageTriageTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly OrchestrationInstance Parent = new("p", "pe");

    private static ExecutionStartedEvent ChildStart(string executionId) =>
        new() { Timestamp = T0, Name = "Child", OrchestrationInstance = new("c", executionId), ParentInstance = Parent, ParentTaskScheduledId = 0 };

    private static InstanceState State(string executionId, OrchestrationRuntimeStatus status) => new()
    {
        InstanceId = "c", ExecutionId = executionId, Name = "Child", RuntimeStatus = status, CreatedAt = T0, LastUpdatedAt = T0,
    };

    private static ReceivedTaskMessage Received(string executionId, HistoryEvent e, long dequeueCount = 1) => new(new TaskMessage("c", executionId, e), dequeueCount);

    private static OrchestrationRuntimeState Finished(string executionId) => OrchestrationRuntimeState.FromHistory(
    [
        ChildStart(executionId),
        new ExecutionCompletedEvent { Timestamp = T0 },
    ]);

    [Fact]
    public void Classify_ChildStartForUnknownInstance_AppliedToCreateIt()
    {
        var result = MessageTriage.Classify(new OrchestrationRuntimeState(), null, [Received("e1", ChildStart("e1"))], T0);

        Assert.IsType<ExecutionStartedEvent>(Assert.Single(result.Apply));
        Assert.False(result.NewExecution);
    }

    [Fact]
    public void Classify_DuplicateChildStartAfterChildFinished_Dropped()
    {
        var result = MessageTriage.Classify(Finished("e1"), State("e1", OrchestrationRuntimeStatus.Completed), [Received("e1", ChildStart("e1"))], T0);

        Assert.Empty(result.Apply);
        Assert.Single(result.Dropped);
    }

    [Fact]
    public void Classify_ChildStartWithNewExecutionOverFinishedChild_StartsNewExecution()
    {
        var result = MessageTriage.Classify(Finished("e1"), State("e1", OrchestrationRuntimeStatus.Failed), [Received("e2", ChildStart("e2"))], T0);

        Assert.True(result.NewExecution);
        Assert.Single(result.Apply);
    }

    [Fact]
    public void Classify_TerminateWithStartInSameBatch_StartDroppedTerminateApplied()
    {
        var start = new ExecutionStartedEvent { Timestamp = T0, Name = "X", OrchestrationInstance = new("c", "e1") };

        var result = MessageTriage.Classify(new OrchestrationRuntimeState(), State("e1", OrchestrationRuntimeStatus.Pending),
            [Received("e1", start), Received(string.Empty, new ExecutionTerminatedEvent { Input = "\"why\"" })], T0);

        Assert.IsType<ExecutionTerminatedEvent>(Assert.Single(result.Apply));
        Assert.IsType<ExecutionStartedEvent>(Assert.Single(result.Dropped).Message.Event);
    }

    [Fact]
    public void Classify_TimerNotYetDue_DeferredEvenPastTheDeliveryLimit()
    {
        var running = OrchestrationRuntimeState.FromHistory(
        [
            new ExecutionStartedEvent { Timestamp = T0, Name = "X", OrchestrationInstance = new("c", "e1") },
            new TimerCreatedEvent { EventId = 0, FireAt = T0.AddDays(20) },
        ]);
        var timer = new TimerFiredEvent { TimerId = 0, FireAt = T0.AddDays(20) };

        var early = MessageTriage.Classify(running, State("e1", OrchestrationRuntimeStatus.Running), [Received("e1", timer, dequeueCount: 50)], T0.AddDays(19));
        var due = MessageTriage.Classify(running, State("e1", OrchestrationRuntimeStatus.Running), [Received("e1", timer)], T0.AddDays(20));

        Assert.Single(early.Deferred);
        Assert.Empty(early.Dropped);
        Assert.IsType<TimerFiredEvent>(Assert.Single(due.Apply));
    }

    [Fact]
    public void Classify_ClientEventWithEmptyExecutionId_AppliedToCurrentExecution()
    {
        var running = OrchestrationRuntimeState.FromHistory([new ExecutionStartedEvent { Timestamp = T0, Name = "X", OrchestrationInstance = new("c", "e7") }]);

        var result = MessageTriage.Classify(running, State("e7", OrchestrationRuntimeStatus.Running),
            [Received(string.Empty, new EventRaisedEvent { Name = "e" }), Received("old", new EventRaisedEvent { Name = "stale" })], T0);

        Assert.Equal("e", Assert.IsType<EventRaisedEvent>(Assert.Single(result.Apply)).Name);
        Assert.Single(result.Dropped);
    }
}
