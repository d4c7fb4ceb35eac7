using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Functions;
using Augment.Functions.Invocation;
using Augment.Functions.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.Functions.Tests;

/// <summary>The host.json and function.json files in the build output (the app root) against what the handler serves.</summary>
public class FunctionMetadataTests
{
    private static readonly string AppRoot = AppContext.BaseDirectory;

    private static Dictionary<string, JsonElement> Functions() =>
        Directory.GetDirectories(AppRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .ToDictionary(d => Path.GetFileName(d), d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json"))).RootElement.Clone());

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "in");

    [Fact]
    public async Task EveryNonHttpFunction_IsServedAtPostFunctionName_AndEveryServedOneHasAFunctionJson()
    {
        await using var handler = await TestHandler.StartAsync();
        var served = handler.Services.GetServices<IFunction>().Select(f => f.Name).Order().ToList();

        var declared = Functions().Where(f => Trigger(f.Value).GetProperty("type").GetString() != "httpTrigger").Select(f => f.Key).Order().ToList();

        Assert.Equal(["DatasetUploaded", "DurableControl00", "DurableControl01", "DurableControl02", "DurableControl03", "DurableWorkItems", "NightlyAugmentation"], declared);
        Assert.Equal(declared, served);
    }

    [Fact]
    public async Task QueueTriggers_BindExactlyTheTaskHubQueues()
    {
        await using var handler = await TestHandler.StartAsync();
        var backend = handler.Backend;
        var functions = Functions();

        for (var i = 0; i < backend.ControlQueueNames.Count; i++)
        {
            Assert.Equal(backend.ControlQueueNames[i], Trigger(functions[DurableControlFunction.NameOf(i)]).GetProperty("queueName").GetString());
        }

        Assert.Equal(backend.WorkItemQueueName, Trigger(functions["DurableWorkItems"]).GetProperty("queueName").GetString());
        Assert.All(functions.Values.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "queueTrigger"), t =>
        {
            Assert.Equal("message", t.GetProperty("name").GetString());
            Assert.Equal("AzureWebJobsStorage", t.GetProperty("connection").GetString());
        });
    }

    [Fact]
    public void BlobAndTimerTriggers_AsIssued()
    {
        var functions = Functions();
        var blob = Trigger(functions["DatasetUploaded"]);
        var timer = Trigger(functions["NightlyAugmentation"]);
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "local.settings.sample.json"))).RootElement;

        Assert.Equal(("blobTrigger", "datasets/{name}", "AzureWebJobsStorage", "blob"), (blob.GetProperty("type").GetString(), blob.GetProperty("path").GetString(), blob.GetProperty("connection").GetString(), blob.GetProperty("name").GetString()));
        Assert.False(blob.TryGetProperty("source", out _)); // the default build polls; -p:BlobTriggerSource=EventGrid ships the variant
        var eventGrid = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "src/Augment.Functions/functions/DatasetUploaded/function.eventgrid.json"))).RootElement;
        Assert.Equal("EventGrid", Trigger(eventGrid).GetProperty("source").GetString());
        Assert.Equal(("timerTrigger", "%NightlySchedule%", NightlyAugmentationFunction.BindingName), (timer.GetProperty("type").GetString(), timer.GetProperty("schedule").GetString(), timer.GetProperty("name").GetString()));
        Assert.Equal("0 0 2 * * *", settings.GetProperty("Values").GetProperty("NightlySchedule").GetString());
    }

    [Fact]
    public async Task HttpFunctions_RoutesMatchTheHandlersEndpoints_NoReservedPrefix()
    {
        await using var handler = await TestHandler.StartAsync();
        var endpoints = handler.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.Trim('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var http = Functions().Select(f => Trigger(f.Value)).Where(t => t.GetProperty("type").GetString() == "httpTrigger").ToList();

        Assert.Equal(8, http.Count);
        foreach (var trigger in http)
        {
            var route = trigger.GetProperty("route").GetString()!;
            Assert.False(route.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase), route);
            if (route is not "augmentations/{instanceId}/{action}" and not "dashboard/{*path}")
            {
                Assert.Contains("api/" + route, endpoints);
            }
        }

        foreach (var action in new[] { "terminate", "suspend", "resume", "restart", "approve", "reject" })
        {
            Assert.Contains($"api/augmentations/{{instanceId}}/{action}", endpoints);
        }

        Assert.Contains("api/dashboard", endpoints);
        Assert.Contains("api/dashboard/runs/{instanceId}/files/{file}", endpoints);

        var anonymous = http.Where(t => t.GetProperty("authLevel").GetString() == "anonymous").Select(t => t.GetProperty("route").GetString()).Order();
        Assert.Equal(["health", "openapi.json"], anonymous);
    }

    [Fact]
    public void HostJson_CustomHandlerWithForwardingAndRetrySettings()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppRoot, "host.json"))).RootElement;

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var handler = host.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(File.Exists(Path.Combine(AppRoot, executable)) || File.Exists(Path.Combine(AppRoot, executable + ".exe")), executable);
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host.GetProperty("extensionBundle").GetProperty("id").GetString());
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // The engine drops a deferred message at its 10th delivery (MessageTriage.MaxDeliveries): the host must not poison it first.
        Assert.Equal(10, host.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public async Task OpenApi_ServedAndDocumentsEveryManagementRoute()
    {
        await using var handler = await TestHandler.StartAsync();
        using var response = await handler.Http.GetAsync("/api/openapi.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var endpoints = handler.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/augmentations", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: m.ToLowerInvariant())))
            .ToList();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.Equal(13, endpoints.Count);
        foreach (var (path, method) in endpoints)
        {
            Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), path);
            Assert.True(item.TryGetProperty(method, out _), $"{method} {path}");
        }
    }

    [Fact]
    public async Task ReadinessAndHealth_AnswerWithoutAKey()
    {
        await using var handler = await TestHandler.StartAsync();

        using var ready = await handler.Http.GetAsync("/");
        using var health = await handler.Http.GetAsync("/api/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
