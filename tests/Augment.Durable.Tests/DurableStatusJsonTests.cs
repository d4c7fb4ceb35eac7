using System.Text.Json;

namespace Augment.Durable.Tests;

public sealed class DurableStatusJsonTests
{
    private static readonly DateTimeOffset Created = new(2018, 2, 28, 5, 18, 49, 345, TimeSpan.Zero);

    private static OrchestrationMetadata Metadata() => new()
    {
        Name = "HelloSequence",
        InstanceId = "abc123",
        RuntimeStatus = OrchestrationRuntimeStatus.Completed,
        CreatedAt = Created,
        LastUpdatedAt = Created.AddSeconds(5),
        SerializedInput = null,
        SerializedOutput = "[\"Hello Tokyo!\"]",
        SerializedCustomStatus = "{\"nextActions\":[\"A\",\"B\"]}",
    };

    private static List<HistoryEvent> History() =>
    [
        new OrchestratorStartedEvent { Timestamp = Created },
        new ExecutionStartedEvent { Timestamp = Created, Name = "E1_HelloSequence", OrchestrationInstance = new("abc123", "e1") },
        new TaskScheduledEvent { EventId = 0, Timestamp = Created.AddSeconds(2), Name = "E1_SayHello", Input = "\"Tokyo\"" },
        new OrchestratorCompletedEvent { Timestamp = Created.AddSeconds(2) },
        new OrchestratorStartedEvent { Timestamp = Created.AddSeconds(3) },
        new TaskCompletedEvent { TaskScheduledId = 0, Timestamp = Created.AddSeconds(3), Result = "\"Hello Tokyo!\"" },
        new OrchestratorCompletedEvent { Timestamp = Created.AddSeconds(5) },
        new ExecutionCompletedEvent { Timestamp = Created.AddSeconds(5), Result = "[\"Hello Tokyo!\"]" },
    ];

    [Fact]
    public void ToJson_DocumentedExample_HasCamelCaseFieldsInOrderAndSecondPrecisionTimes()
    {
        var json = DurableStatusJson.ToJson(Metadata());

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(
            ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Completed", root.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("input").ValueKind);
        Assert.Equal("B", root.GetProperty("customStatus").GetProperty("nextActions")[1].GetString());
        Assert.Equal("Hello Tokyo!", root.GetProperty("output")[0].GetString());
        Assert.Equal("2018-02-28T05:18:49Z", root.GetProperty("createdTime").GetString());
        Assert.Equal("2018-02-28T05:18:54Z", root.GetProperty("lastUpdatedTime").GetString());
        Assert.False(root.TryGetProperty("historyEvents", out _));
    }

    [Fact]
    public void ToJson_ShowHistory_FoldsScheduledIntoCompletionAndDropsEpisodeMarkers()
    {
        var json = DurableStatusJson.ToJson(Metadata(), new DurableStatusJsonOptions(ShowInput: false, ShowHistory: true), History());

        using var doc = JsonDocument.Parse(json);
        var rows = doc.RootElement.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "TaskCompleted", "ExecutionCompleted"], rows.Select(r => r.GetProperty("EventType").GetString()));
        Assert.Equal("E1_HelloSequence", rows[0].GetProperty("FunctionName").GetString());
        Assert.Equal(["EventType", "FunctionName", "ScheduledTime", "Timestamp"], rows[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal("E1_SayHello", rows[1].GetProperty("FunctionName").GetString());
        Assert.Equal("2018-02-28T05:18:51.3450000Z", rows[1].GetProperty("ScheduledTime").GetString());
        Assert.Equal("Completed", rows[2].GetProperty("OrchestrationStatus").GetString());
        Assert.False(rows[2].TryGetProperty("Result", out _));
        Assert.DoesNotContain("EventId", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_ShowHistoryOutputAndInput_IncludesResultsAndActivityInput()
    {
        var json = DurableStatusJson.ToJson(Metadata(), new DurableStatusJsonOptions(ShowInput: true, ShowHistory: true, ShowHistoryOutput: true), History());

        using var doc = JsonDocument.Parse(json);
        var rows = doc.RootElement.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("Tokyo", rows[1].GetProperty("Input").GetString());
        Assert.Equal("Hello Tokyo!", rows[1].GetProperty("Result").GetString());
        Assert.Equal("Hello Tokyo!", rows[2].GetProperty("Result")[0].GetString());
    }

    [Fact]
    public void ToJson_FailedWithoutOutput_OutputIsFailureText()
    {
        var failed = Metadata() with
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            SerializedOutput = null,
            FailureDetails = new FailureDetails("System.InvalidOperationException", "kaput"),
        };

        using var doc = JsonDocument.Parse(DurableStatusJson.ToJson(failed));

        Assert.Equal("Failed", doc.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal("System.InvalidOperationException: kaput", doc.RootElement.GetProperty("output").GetString());
    }

    [Fact]
    public void ToJson_TimersEventsAndSubOrchestrations_FoldedLikeActivities()
    {
        List<HistoryEvent> history =
        [
            new OrchestratorStartedEvent { Timestamp = Created },
            new ExecutionStartedEvent { Timestamp = Created, Name = "Parent", OrchestrationInstance = new("abc123", "e1") },
            new SubOrchestrationInstanceCreatedEvent { EventId = 0, Timestamp = Created, Name = "Child", InstanceId = "abc123:0000", Input = "1" },
            new TimerCreatedEvent { EventId = 1, Timestamp = Created, FireAt = Created.AddMinutes(5) },
            new OrchestratorCompletedEvent { Timestamp = Created },
            new OrchestratorStartedEvent { Timestamp = Created.AddSeconds(1) },
            new EventRaisedEvent { Timestamp = Created.AddSeconds(1), Name = "approve", Input = "true" },
            new ExecutionSuspendedEvent { Timestamp = Created.AddSeconds(1), Reason = "audit" },
            new SubOrchestrationInstanceFailedEvent { Timestamp = Created.AddSeconds(1), TaskScheduledId = 0, Reason = "broke", FailureDetails = new("X", "broke") },
            new TimerFiredEvent { Timestamp = Created.AddSeconds(1), TimerId = 1, FireAt = Created.AddMinutes(5) },
            new OrchestratorCompletedEvent { Timestamp = Created.AddSeconds(1) },
        ];

        var json = DurableStatusJson.ToJson(Metadata(), new DurableStatusJsonOptions(ShowInput: true, ShowHistory: true), history);

        using var doc = JsonDocument.Parse(json);
        var rows = doc.RootElement.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(
            ["ExecutionStarted", "TimerCreated", "EventRaised", "ExecutionSuspended", "SubOrchestrationInstanceFailed", "TimerFired"],
            rows.Select(r => r.GetProperty("EventType").GetString()));
        Assert.Equal("2018-02-28T05:23:49.3450000Z", rows[1].GetProperty("FireAt").GetString());
        Assert.Equal("approve", rows[2].GetProperty("Name").GetString());
        Assert.True(rows[2].GetProperty("Input").GetBoolean());
        Assert.Equal("audit", rows[3].GetProperty("Reason").GetString());
        Assert.Equal("Child", rows[4].GetProperty("FunctionName").GetString());
        Assert.Equal(1, rows[4].GetProperty("Input").GetInt32());
        Assert.Equal("X: broke", rows[4].GetProperty("Details").GetString());
    }
}
