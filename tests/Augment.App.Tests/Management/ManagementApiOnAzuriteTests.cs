using System.Net;
using System.Text.Json;
using Augment.App.Tests.Support;
using Augment.Pipeline;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.Management;

/// <summary>
/// Status bodies that need a backend which keeps histories: DTFx's Azure Storage provider on Azurite (the in-memory
/// service of the test host package implements no history query).
/// </summary>
[Collection(AzuriteCollection.Name)]
public class ManagementApiOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Status_ShowHistory_ActivitiesInOrderWithResultsOnRequest()
    {
        await using var host = await TestHost.StartAsync(azurite: azurite.Emulator);
        var id = await host.StartRunAsync("tiny", SampleCsv.Make(120, 4));
        await host.WaitForEndAsync(id);

        using var done = await host.Http.GetAsync($"/api/augmentations/{id}?showHistory=true&showHistoryOutput=true");
        using var noOutput = await host.Http.GetAsync($"/api/augmentations/{id}?showHistory=true");

        var events = (await done.JsonAsync()).GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.NotEmpty(events);
        Assert.Equal("ExecutionStarted", events[0].GetProperty("EventType").GetString());
        Assert.Equal("AugmentDataset", events[0].GetProperty("FunctionName").GetString());
        Assert.Equal("ExecutionCompleted", events[^1].GetProperty("EventType").GetString());
        Assert.Equal("Completed", events[^1].GetProperty("OrchestrationStatus").GetString());
        var completed = events.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted").ToList();
        var activities = completed.Select(e => e.GetProperty("FunctionName").GetString()).ToList();
        Assert.Equal(["Profile", "Train"], activities.Take(2));
        Assert.Equal(["FilterAndAudit", "Evaluate", "Merge"], activities.TakeLast(3));
        Assert.Contains("SampleShard", activities);
        Assert.All(completed, e => Assert.True(e.TryGetProperty("Result", out _) && e.TryGetProperty("ScheduledTime", out _)));
        Assert.All((await noOutput.JsonAsync()).GetProperty("historyEvents").EnumerateArray(), e => Assert.False(e.TryGetProperty("Result", out _)));
    }
}
