using Augment.Durable.Engine;

namespace Augment.Durable.Tests;

public sealed class OrchestrationRuntimeStateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromHistory_CompletedRun_ProjectsStatusOutputAndTasks()
    {
        List<HistoryEvent> history =
        [
            new ExecutionStartedEvent { Timestamp = T0, Name = "Orch", Input = "1", OrchestrationInstance = new("i", "e") },
            new TaskScheduledEvent { EventId = 0, Timestamp = T0, Name = "A" },
            new TaskCompletedEvent { TaskScheduledId = 0, Timestamp = T0.AddSeconds(1) },
            new ExecutionCompletedEvent { Timestamp = T0.AddSeconds(2), Result = "2" },
        ];

        var state = OrchestrationRuntimeState.FromHistory(history);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.Status);
        Assert.Equal("Orch", state.Name);
        Assert.Equal("e", state.ExecutionId);
        Assert.Equal("2", state.Output);
        Assert.True(state.IsTaskCompleted(0));
        Assert.Equal(T0.AddSeconds(2), state.CompletedAt);
    }

    [Fact]
    public void ToInstanceState_Failed_CarriesFailureAndKeepsCreatedAt()
    {
        var failure = new FailureDetails("X", "boom");
        var state = OrchestrationRuntimeState.FromHistory(
        [
            new ExecutionStartedEvent { Timestamp = T0, Name = "Orch", OrchestrationInstance = new("i", "e") },
            new ExecutionFailedEvent { Timestamp = T0.AddSeconds(1), FailureDetails = failure },
        ]);
        var previous = new InstanceState
        {
            InstanceId = "i", ExecutionId = "e", Name = "Orch", RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            CreatedAt = T0.AddSeconds(-5), LastUpdatedAt = T0.AddSeconds(-5),
        };

        var persisted = state.ToInstanceState(previous, "\"cs\"", T0.AddSeconds(3));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, persisted.RuntimeStatus);
        Assert.Equal(failure, persisted.FailureDetails);
        Assert.Equal(T0.AddSeconds(-5), persisted.CreatedAt);
        Assert.Equal(T0.AddSeconds(3), persisted.LastUpdatedAt);
        Assert.Equal("\"cs\"", persisted.CustomStatus);
    }
}
