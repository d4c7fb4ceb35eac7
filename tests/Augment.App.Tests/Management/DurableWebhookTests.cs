using System.Net;
using Augment.App.Tests.Support;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.Management;

/// <summary>The Durable Functions HTTP routes (<c>/runtime/webhooks/durabletask/instances</c>) the local host serves for the same runs.</summary>
public class DurableWebhookTests
{
    private const string Webhook = "/runtime/webhooks/durabletask/instances";

    [Fact]
    public async Task Status_CompletedRun_SameBodyAsTheManagementRoute()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartRunAsync("tiny", SampleCsv.Make(80, 4));
        await host.WaitForEndAsync(id);

        using var management = await host.Http.GetAsync($"/api/augmentations/{id}");
        using var webhook = await host.Http.GetAsync($"{Webhook}/{id}");
        using var managementNoInput = await host.Http.GetAsync($"/api/augmentations/{id}?showInput=false");
        using var webhookNoInput = await host.Http.GetAsync($"{Webhook}/{id}?showInput=false");

        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        Assert.Equal("application/json", webhook.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await management.Content.ReadAsStringAsync(), await webhook.Content.ReadAsStringAsync());
        Assert.Equal(await managementNoInput.Content.ReadAsStringAsync(), await webhookNoInput.Content.ReadAsStringAsync());
        Assert.Equal("Completed", (await webhook.JsonAsync()).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Status_RunningAndUnknown_202And404()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-w1");
        await host.WaitUntilHeldAsync(id);

        using var running = await host.Http.GetAsync($"{Webhook}/{id}");
        using var unknown = await host.Http.GetAsync($"{Webhook}/nope");

        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal("Running", (await running.JsonAsync()).GetProperty("runtimeStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", await unknown.ErrorAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRaiseEventTerminatePurge_ThroughTheWebhookRoutes()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-w2");
        await host.WaitUntilHeldAsync(id);

        using var list = await host.Http.GetAsync($"{Webhook}?instanceIdPrefix=held-w");
        using var raise = await host.Http.PostAsync($"{Webhook}/{id}/raiseEvent/Go", HttpJson.Json("{\"n\": 1}"));
        using var purgeActive = await host.Http.DeleteAsync($"{Webhook}/{id}");
        using var terminate = await host.Http.PostAsync($"{Webhook}/{id}/terminate?reason=webhook", null);
        var ended = await host.WaitForEndAsync(id);
        using var purge = await host.Http.DeleteAsync($"{Webhook}/{id}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(id, Assert.Single((await list.JsonAsync()).EnumerateArray()).GetProperty("instanceId").GetString());
        Assert.Equal(HttpStatusCode.Accepted, raise.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, purgeActive.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);
        Assert.Equal("\"webhook\"", ended.SerializedOutput);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Null(await host.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task SuspendResumeRestart_ThroughTheWebhookRoutes()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.StartHeldRunAsync("held-w3");
        await host.WaitUntilHeldAsync(id);

        using var suspend = await host.Http.PostAsync($"{Webhook}/{id}/suspend?reason=pause", null);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        using var resume = await host.Http.PostAsync($"{Webhook}/{id}/resume", null);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        using var restart = await host.Http.PostAsync($"{Webhook}/{id}/restart", null);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (suspend.StatusCode, resume.StatusCode));
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var restarted = (await restart.JsonAsync()).GetProperty("id").GetString()!;
        Assert.NotEqual(id, restarted);
        // The in-memory service of the test-host package can throw on a state query racing the instance's creation.
        Microsoft.DurableTask.Client.OrchestrationMetadata? found = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (found is null && DateTime.UtcNow < deadline)
        {
            try
            {
                found = await host.Client.GetInstanceAsync(restarted);
            }
            catch (Grpc.Core.RpcException)
            {
            }

            if (found is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(found);
    }
}
