using System.Net;
using System.Text;
using Augment.Durable;
using Augment.Functions.Tests.Support;

namespace Augment.Functions.Tests.Management;

/// <summary>Runs here are real AugmentDataset instances whose activities are never delivered (the pump serves only
/// the control queues), so they stay Running until an action ends them.</summary>
public class ManagementActionsTests
{
    private static readonly Augment.Pipeline.AugmentRequest Request = new("x", "datasets", "x/data.csv", null, null, "test");

    [Theory]
    [InlineData("terminate?reason=no")]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("approve")]
    [InlineData("reject")]
    [InlineData("restart")]
    [InlineData("raiseEvent/Go")]
    public async Task Action_UnknownInstance_404(string action)
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.Http.PostAsync($"/api/augmentations/nope/{action}", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", (await ManagementApiTests.JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Terminate_RunningThenAgain_202Then410()
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", Request, "t1");
        var pump = new QueuePump(handler.Queues, handler.InvokeAsync, activities: false);

        using var first = await handler.Http.PostAsync($"/api/augmentations/{id}/terminate?reason=stop%20it", null);
        await pump.RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.IsCompleted, TimeSpan.FromSeconds(30));
        using var again = await handler.Http.PostAsync($"/api/augmentations/{id}/terminate", null);
        using var approve = await handler.Http.PostAsync($"/api/augmentations/{id}/approve", null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await handler.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, approve.StatusCode);
    }

    [Fact]
    public async Task SuspendResume_ActiveInstance_202AndStatusFollows()
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", Request, "s1");
        var pump = new QueuePump(handler.Queues, handler.InvokeAsync, activities: false);

        using var suspend = await handler.Http.PostAsync($"/api/augmentations/{id}/suspend?reason=wait", null);
        await pump.RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, TimeSpan.FromSeconds(30));
        using var status = await handler.Http.GetAsync($"/api/augmentations/{id}");
        using var resume = await handler.Http.PostAsync($"/api/augmentations/{id}/resume", null);
        await pump.RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.RuntimeStatus != OrchestrationRuntimeStatus.Suspended, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        Assert.Equal("Suspended", (await ManagementApiTests.JsonAsync(status)).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_ContentTypeAndJsonChecked_ThenDelivered()
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", Request, "e1");

        using var text = await handler.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", new StringContent("{}", Encoding.UTF8, "text/plain"));
        using var broken = await handler.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", Json("{oops"));
        using var ok = await handler.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", Json("{\"note\": 1}"));
        using var approve = await handler.Http.PostAsync($"/api/augmentations/{id}/approve", null);
        using var reject = await handler.Http.PostAsync($"/api/augmentations/{id}/reject", Json("\"too biased\""));

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted), (ok.StatusCode, approve.StatusCode, reject.StatusCode));
        var events = await ControlMessagesAsync(handler, id);
        Assert.Contains(events, e => e.Contains("\"EventRaised\"", StringComparison.Ordinal) && e.Contains("\"Go\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("\"Approve\"", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Contains("\"Reject\"", StringComparison.Ordinal) && e.Contains("too biased", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_FinishedRun_202ForTheNewRunWithTheSameInput()
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", new { marker = 7 }, "r1");
        await handler.Client.TerminateInstanceAsync(id, "done");
        await new QueuePump(handler.Queues, handler.InvokeAsync, activities: false).RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.IsCompleted, TimeSpan.FromSeconds(30));

        using var sameId = await handler.Http.PostAsync($"/api/augmentations/{id}/restart?restartWithNewInstanceId=false", null);
        using var newId = await handler.Http.PostAsync($"/api/augmentations/{id}/restart", null);
        using var sameIdWhileActive = await handler.Http.PostAsync($"/api/augmentations/{id}/restart?restartWithNewInstanceId=false", null);

        Assert.Equal(HttpStatusCode.Accepted, sameId.StatusCode);
        Assert.Equal(id, (await ManagementApiTests.JsonAsync(sameId)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Accepted, newId.StatusCode);
        var restarted = (await ManagementApiTests.JsonAsync(newId)).GetProperty("id").GetString()!;
        Assert.NotEqual(id, restarted);
        Assert.Equal("{\"marker\":7}", (await handler.Client.GetInstanceAsync(restarted, getInputsAndOutputs: true))!.SerializedInput);
        Assert.Equal(HttpStatusCode.Conflict, sameIdWhileActive.StatusCode);
    }

    [Fact]
    public async Task Purge_ActiveThenFinished_409Then200Then404()
    {
        await using var handler = await TestHandler.StartAsync();
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", Request, "g1");

        using var active = await handler.Http.DeleteAsync($"/api/augmentations/{id}");
        await handler.Client.TerminateInstanceAsync(id);
        await new QueuePump(handler.Queues, handler.InvokeAsync, activities: false).RunUntilAsync(async () => (await handler.Client.GetInstanceAsync(id))!.IsCompleted, TimeSpan.FromSeconds(30));
        using var purged = await handler.Http.DeleteAsync($"/api/augmentations/{id}");
        using var gone = await handler.Http.DeleteAsync($"/api/augmentations/{id}");
        using var status = await handler.Http.GetAsync($"/api/augmentations/{id}");

        Assert.Equal(HttpStatusCode.Conflict, active.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await ManagementApiTests.JsonAsync(purged)).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task PurgeMany_NeedsCreatedTimeFrom_DeletesOnlyFinished()
    {
        await using var handler = await TestHandler.StartAsync();
        foreach (var id in new[] { "b1", "b2", "b3" })
        {
            await handler.Client.ScheduleNewOrchestrationInstanceAsync("AugmentDataset", Request, id);
        }

        await handler.Client.TerminateInstanceAsync("b1");
        await handler.Client.TerminateInstanceAsync("b2");
        await new QueuePump(handler.Queues, handler.InvokeAsync, activities: false).RunUntilAsync(
            async () => (await handler.Client.GetInstanceAsync("b2"))!.IsCompleted && (await handler.Client.GetInstanceAsync("b1"))!.IsCompleted, TimeSpan.FromSeconds(30));

        using var noFrom = await handler.Http.DeleteAsync("/api/augmentations");
        using var activeStatus = await handler.Http.DeleteAsync("/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Running");
        using var purged = await handler.Http.DeleteAsync("/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z");
        using var nothingLeft = await handler.Http.DeleteAsync("/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, activeStatus.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(2, (await ManagementApiTests.JsonAsync(purged)).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, nothingLeft.StatusCode);
        Assert.NotNull(await handler.Client.GetInstanceAsync("b3"));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<List<string>> ControlMessagesAsync(TestHandler handler, string instanceId)
    {
        var texts = new List<string>();
        foreach (var queue in handler.Backend.ControlQueueNames)
        {
            foreach (var message in await handler.Queues.ReceiveAsync(queue, 32, TimeSpan.FromMinutes(1)))
            {
                if (message.Text.Contains(instanceId, StringComparison.Ordinal))
                {
                    texts.Add(message.Text);
                }
            }
        }

        return texts;
    }
}
