using System.Net;
using System.Text.Json;
using Augment.App.Tests.Support;
using Augment.Pipeline;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.Management;

/// <summary>
/// The management API's actions on real AugmentDataset runs. "Held" runs stay Running in Profile (their first write
/// to work/ waits, see <see cref="HoldingBlobStore"/>) until an action ends them; approval runs really stop at the
/// audit gate.
/// </summary>
public class ManagementActionsTests
{
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
        await using var host = await TestHost.StartAsync();

        using var response = await host.Http.PostAsync($"/api/augmentations/nope/{action}", HttpJson.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", await response.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_UnknownAction_404NamingTheActions()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-unknown");

        using var response = await host.Http.PostAsync($"/api/augmentations/{id}/frobnicate", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("one of approve, reject, terminate", await response.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_RunningThenAgain_202Then410()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-t1");
        await host.WaitUntilHeldAsync(id);

        using var first = await host.Http.PostAsync($"/api/augmentations/{id}/terminate?reason=stop%20it", null);
        var ended = await host.WaitForEndAsync(id);
        using var again = await host.Http.PostAsync($"/api/augmentations/{id}/terminate", null);
        using var suspend = await host.Http.PostAsync($"/api/augmentations/{id}/suspend", null);
        using var approve = await host.Http.PostAsync($"/api/augmentations/{id}/approve", null);
        using var raise = await host.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", HttpJson.Json("{}"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);
        Assert.Equal("\"stop it\"", ended.SerializedOutput);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("already ended (Terminated)", await again.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone, HttpStatusCode.Gone), (suspend.StatusCode, approve.StatusCode, raise.StatusCode));
    }

    [Fact]
    public async Task SuspendResume_ActiveInstance_202AndStatusFollows()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-s1");
        await host.WaitUntilHeldAsync(id);

        using var suspend = await host.Http.PostAsync($"/api/augmentations/{id}/suspend?reason=wait", null);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        using var status = await host.Http.GetAsync($"/api/augmentations/{id}");
        using var resume = await host.Http.PostAsync($"/api/augmentations/{id}/resume?reason=go", null);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        host.Blobs.Release();
        var done = await host.WaitForEndAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        Assert.Equal("Suspended", (await status.JsonAsync()).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    [Fact]
    public async Task RaiseEvent_ContentTypeAndJsonChecked_ThenAccepted()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-e1");

        using var text = await host.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        using var broken = await host.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", HttpJson.Json("{oops"));
        using var ok = await host.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", HttpJson.Json("{\"note\": 1}"));
        using var empty = await host.Http.PostAsync($"/api/augmentations/{id}/raiseEvent/Go", HttpJson.Json(""));
        using var approveBroken = await host.Http.PostAsync($"/api/augmentations/{id}/approve", HttpJson.Json("{oops"));

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Contains("Content-Type must be application/json", await text.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("Invalid JSON content", await broken.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (ok.StatusCode, empty.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, approveBroken.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task Approve_RunAwaitingApproval_202AndTheRunPublishesWithTheDecision()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartRunAsync("gate", SampleCsv.Make(200, 7), Specs.AwaitApproval);
        await WaitForApprovalAsync(host, id);

        using var approve = await host.Http.PostAsync($"/api/augmentations/{id}/approve", HttpJson.Json("{\"by\": \"ana\", \"comment\": \"shift is expected\"}"));
        var done = await host.WaitForEndAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<AugmentResult>()!;
        Assert.True(result.SyntheticRows > 0);
        await using var report = await host.Blobs.OpenReadAsync(WorkArea.OutputContainer, WorkArea.OutputPrefix("gate", id) + "report.json");
        Assert.NotNull(report);
        var text = await new StreamReader(report.Content).ReadToEndAsync();
        Assert.Contains("approved", text, StringComparison.Ordinal);
        Assert.Contains("ana", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_RunAwaitingApproval_202AndTheRunFailsWithTheReason()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartRunAsync("gate", SampleCsv.Make(200, 7), Specs.AwaitApproval);
        await WaitForApprovalAsync(host, id);

        using var reject = await host.Http.PostAsync($"/api/augmentations/{id}/reject", HttpJson.Json("{\"by\": \"ana\", \"comment\": \"too biased\"}"));
        var done = await host.WaitForEndAsync(id);
        using var status = await host.Http.GetAsync($"/api/augmentations/{id}");

        Assert.Equal(HttpStatusCode.Accepted, reject.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var output = (await status.JsonAsync()).GetProperty("output").GetString()!;
        Assert.StartsWith("Audit rejected by ana: too biased", output, StringComparison.Ordinal);
        Assert.Null(await host.Blobs.GetPropertiesAsync(WorkArea.OutputContainer, WorkArea.OutputPrefix("gate", id) + "augmented.csv"));
    }

    [Fact]
    public async Task Restart_SameIdThenNewId_202ForTheRunWithTheSameInput()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-r1");
        await host.Client.TerminateInstanceAsync(id, "done");
        var input = (await host.WaitForEndAsync(id)).SerializedInput;

        using var sameId = await host.Http.PostAsync($"/api/augmentations/{id}/restart?restartWithNewInstanceId=false", null);
        var sameIdBody = await sameId.JsonAsync();
        using var sameIdWhileActive = await host.Http.PostAsync($"/api/augmentations/{id}/restart?restartWithNewInstanceId=false", null);
        using var newId = await host.Http.PostAsync($"/api/augmentations/{id}/restart", null);
        using var badFlag = await host.Http.PostAsync($"/api/augmentations/{id}/restart?restartWithNewInstanceId=perhaps", null);

        Assert.Equal(HttpStatusCode.Accepted, sameId.StatusCode);
        Assert.Equal(id, sameIdBody.GetProperty("id").GetString());
        Assert.False((await host.Client.GetInstanceAsync(id))!.IsCompleted);
        Assert.Equal(HttpStatusCode.Conflict, sameIdWhileActive.StatusCode);
        Assert.Contains("needs a finished run", await sameIdWhileActive.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, newId.StatusCode);
        var newBody = await newId.JsonAsync();
        var restarted = newBody.GetProperty("id").GetString()!;
        Assert.NotEqual(id, restarted);
        Assert.EndsWith($"/api/augmentations/{restarted}", newId.Headers.Location!.ToString(), StringComparison.Ordinal);
        // The in-memory service of the test-host package can throw on a state query racing the new instance's creation.
        var found = await host.Client.WaitUntilAsync(restarted, _ => true, TestHost.DefaultTimeout);
        Assert.Equal(input, found.SerializedInput);
        Assert.Equal(HttpStatusCode.BadRequest, badFlag.StatusCode);
    }

    [Fact]
    public async Task Purge_ActiveThenFinished_409Then200Then404()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-g1");

        using var active = await host.Http.DeleteAsync($"/api/augmentations/{id}");
        await host.Client.TerminateInstanceAsync(id);
        await host.WaitForEndAsync(id);
        using var purged = await host.Http.DeleteAsync($"/api/augmentations/{id}");
        using var gone = await host.Http.DeleteAsync($"/api/augmentations/{id}");
        using var status = await host.Http.GetAsync($"/api/augmentations/{id}");

        Assert.Equal(HttpStatusCode.Conflict, active.StatusCode);
        Assert.Contains("terminate it before purging", await active.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await purged.JsonAsync()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task PurgeMany_NeedsCreatedTimeFrom_DeletesOnlyFinished()
    {
        await using var host = await TestHost.StartAsync();
        foreach (var id in new[] { "held-b1", "held-b2", "held-b3" })
        {
            await host.StartHeldRunAsync(id);
        }

        await host.Client.TerminateInstanceAsync("held-b1");
        await host.Client.TerminateInstanceAsync("held-b2");
        await host.WaitForEndAsync("held-b1");
        await host.WaitForEndAsync("held-b2");

        using var noFrom = await host.Http.DeleteAsync("/api/augmentations");
        using var purged = await host.Http.DeleteAsync("/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z");
        using var nothingLeft = await host.Http.DeleteAsync("/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Contains("needs createdTimeFrom", await noFrom.ErrorAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(2, (await purged.JsonAsync()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, nothingLeft.StatusCode);
        Assert.Null(await host.Client.GetInstanceAsync("held-b1"));
        Assert.NotNull(await host.Client.GetInstanceAsync("held-b3"));
    }

    [Fact]
    public async Task PurgeMany_OnlyActiveStatusesAsked_PurgesNothing()
    {
        await using var host = await TestHost.StartAsync();
        await host.StartHeldRunAsync("held-a1");
        await host.StartHeldRunAsync("held-a2");
        await host.Client.TerminateInstanceAsync("held-a2");
        await host.WaitForEndAsync("held-a2");

        using var activeOnly = await host.Http.DeleteAsync("/api/augmentations?createdTimeFrom=2000-01-01T00:00:00Z&runtimeStatus=Running");

        var left = (await host.Client.ListAsync()).Select(r => r.InstanceId).Order().ToList();
        Assert.Equal(["held-a1", "held-a2"], left);
        Assert.NotEqual(HttpStatusCode.OK, activeOnly.StatusCode);
    }

    /// <summary>Waits for the run to stop at the audit gate; fails if it ended before.</summary>
    internal static async Task<OrchestrationMetadata> WaitForApprovalAsync(TestHost host, string id)
    {
        var run = await host.WaitAsync(id, m => m.IsCompleted || m.ReadCustomStatusAs<RunProgress>()?.Stage == Pipeline.Orchestrations.AuditGate.AwaitingApprovalStage);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Running, $"{id} ended before the audit gate: {run.RuntimeStatus} {run.FailureDetails?.ErrorMessage}");
        return run;
    }
}
