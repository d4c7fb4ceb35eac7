using System.Net;
using System.Text.Json;
using Augment.App.Tests.Support;
using Augment.Dev.Functions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.App.Tests;

/// <summary>
/// The <c>functions.metadata</c> the Functions SDK writes for the app (what the Functions host in Azure indexes)
/// against what the local host hosts: the same functions, triggers, routes, methods and auth levels, both ways.
/// </summary>
public sealed class FunctionsMetadataTests : IAsyncLifetime
{
    private static readonly Dictionary<string, TriggerKind> TriggerTypes = new(StringComparer.Ordinal)
    {
        ["httpTrigger"] = TriggerKind.Http,
        ["orchestrationTrigger"] = TriggerKind.Orchestration,
        ["activityTrigger"] = TriggerKind.Activity,
        ["blobTrigger"] = TriggerKind.Blob,
        ["timerTrigger"] = TriggerKind.Timer,
    };

    private static readonly Lazy<Dictionary<string, JsonElement>> Metadata = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the app's build writes it and this project copies it");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    });

    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Functions_SameNamesInTheMetadataAndOnTheHost()
    {
        var hosted = _host.Host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(Metadata.Value.Keys.Order(StringComparer.Ordinal), hosted);
        Assert.Equal(25, hosted.Count);
    }

    [Fact]
    public void Functions_SameEntryPointTriggerAndBindingNames()
    {
        foreach (var function in _host.Host.Functions)
        {
            var metadata = Metadata.Value[function.Name];
            Assert.Equal("Augment.App.dll", metadata.GetProperty("scriptFile").GetString());
            Assert.Equal($"{function.Method.DeclaringType!.FullName}.{function.Method.Name}", metadata.GetProperty("entryPoint").GetString());
            var trigger = Trigger(metadata);
            Assert.Equal(function.Kind, TriggerTypes[trigger.GetProperty("type").GetString()!]);
            Assert.Equal(function.TriggerParameter.Name, trigger.GetProperty("name").GetString());

            var durableClients = Bindings(metadata).Where(b => b.GetProperty("type").GetString() == "durableClient").Select(b => b.GetProperty("name").GetString());
            var hostedClients = function.Method.GetParameters().Where(p => p.GetCustomAttributes(typeof(DurableClientAttribute), false).Length > 0).Select(p => p.Name);
            Assert.Equal(durableClients, hostedClients);

            // Every other input binding is one the local host supplies (the trigger and the durable client).
            Assert.All(Bindings(metadata).Where(b => b.GetProperty("direction").GetString() == "In"), b =>
                Assert.Contains(b.GetProperty("type").GetString(), (string[])["durableClient", trigger.GetProperty("type").GetString()!]));
        }
    }

    [Fact]
    public void HttpFunctions_SameRouteMethodsAndAuthLevel()
    {
        var http = _host.Host.Functions.Where(f => f.Kind == TriggerKind.Http).ToList();

        Assert.Equal(8, http.Count);
        foreach (var function in http)
        {
            var attribute = (HttpTriggerAttribute)function.Trigger;
            var trigger = Trigger(Metadata.Value[function.Name]);
            Assert.Equal(attribute.Route, trigger.GetProperty("route").GetString());
            Assert.Equal(attribute.Methods!.Select(m => m.ToLowerInvariant()), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
            Assert.Equal(attribute.AuthLevel.ToString(), trigger.GetProperty("authLevel").GetString());
            Assert.False(attribute.Route!.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || attribute.Route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase), attribute.Route);
        }

        var anonymous = Metadata.Value.Values.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger" && t.GetProperty("authLevel").GetString() == "Anonymous");
        Assert.Equal(["health", "openapi.json"], anonymous.Select(t => t.GetProperty("route").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HttpFunctions_EveryRouteAndMethodIsAnEndpointUnderApi()
    {
        var endpoints = _host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: e.RoutePattern.RawText!.Trim('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Route.StartsWith("api/", StringComparison.Ordinal))
            .ToList();

        var declared = Metadata.Value.Values.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger")
            .Select(t => (Route: "api/" + t.GetProperty("route").GetString(), Methods: t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(e => e.Route, StringComparer.Ordinal).ToList();

        Assert.Equal(declared.Select(d => d.Route), endpoints.Select(e => e.Route).Order(StringComparer.Ordinal));
        foreach (var (route, methods) in declared)
        {
            Assert.Equal(methods, endpoints.Single(e => e.Route == route).Methods.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task HttpFunctions_AuthLevelEnforcedAsDeclared_EveryMethodRoutes()
    {
        foreach (var trigger in Metadata.Value.Values.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger"))
        {
            var path = "/api/" + Fill(trigger.GetProperty("route").GetString()!);
            foreach (var method in trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()))
            {
                using var withoutKey = await _host.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                using var withKey = await _host.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var withKeyBody = await withKey.Content.ReadAsStringAsync();

                if (trigger.GetProperty("authLevel").GetString() == "Anonymous")
                {
                    Assert.Equal(HttpStatusCode.OK, withoutKey.StatusCode);
                }
                else
                {
                    Assert.True(withoutKey.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key answered {(int)withoutKey.StatusCode}");
                }

                // Served by the function: not the router's 405, nor its body-less 404.
                Assert.True(withKey.StatusCode != HttpStatusCode.MethodNotAllowed && !(withKey.StatusCode == HttpStatusCode.NotFound && withKeyBody.Length == 0),
                    $"{method} {path} with the key answered {(int)withKey.StatusCode} '{withKeyBody}'");
            }
        }
    }

    [Fact]
    public void BlobAndTimerTriggers_AsDeclaredInTheApp()
    {
        var blob = Trigger(Metadata.Value["DatasetUploaded"]);
        var timer = Trigger(Metadata.Value["NightlyAugmentation"]);
        var blobAttribute = (BlobTriggerAttribute)_host.Host.Functions.Single(f => f.Name == "DatasetUploaded").Trigger;
        var timerAttribute = (TimerTriggerAttribute)_host.Host.Functions.Single(f => f.Name == "NightlyAugmentation").Trigger;

        Assert.Equal(("datasets/{name}", "AzureWebJobsStorage"), (blob.GetProperty("path").GetString(), blob.GetProperty("connection").GetString()));
        Assert.Equal((blobAttribute.BlobPath, blobAttribute.Connection), (blob.GetProperty("path").GetString(), blob.GetProperty("connection").GetString()));
        Assert.False(blob.TryGetProperty("source", out _)); // the default build polls; -p:BlobTriggerSource=EventGrid builds the variant
        Assert.Equal("%NightlySchedule%", timer.GetProperty("schedule").GetString());
        Assert.Equal(timerAttribute.Schedule, timer.GetProperty("schedule").GetString());
    }

    [Fact]
    public void HostJson_RoutePrefixAndTaskHubMatchTheLocalHost()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "src/Augment.App/host.json"))).RootElement;
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "local.settings.sample.json"))).RootElement.GetProperty("Values");

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.False(host.TryGetProperty("customHandler", out _));
        var extensions = host.GetProperty("extensions");
        Assert.Equal("api", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        var durable = extensions.GetProperty("durableTask");
        Assert.Equal("%Augment__TaskHub%", durable.GetProperty("hubName").GetString());
        Assert.Equal(new Augment.Dev.Durable.TaskHubSettings().TaskHub, settings.GetProperty("Augment__TaskHub").GetString());
        Assert.Equal(new Augment.Dev.Durable.TaskHubSettings().PartitionCount, durable.GetProperty("storageProvider").GetProperty("partitionCount").GetInt32());
        Assert.Equal("0 0 2 * * *", settings.GetProperty("NightlySchedule").GetString());
    }

    [Fact]
    public void LocalSettingsSample_IsolatedWorkerRuntime_AsFuncStartNeeds()
    {
        var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "local.settings.sample.json"))).RootElement.GetProperty("Values");

        Assert.Equal("dotnet-isolated", settings.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryManagementRouteTheHostServes()
    {
        using var response = await _host.Anonymous.GetAsync("/api/openapi.json");
        var paths = (await response.JsonAsync()).GetProperty("paths");
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (Path: p.Name, Method: m.Name.ToUpperInvariant()))).ToList();

        var served = new List<(string Path, string Method)>();
        foreach (var trigger in Metadata.Value.Values.Select(Trigger).Where(t => t.GetProperty("type").GetString() == "httpTrigger"))
        {
            var route = "/api/" + trigger.GetProperty("route").GetString();
            IEnumerable<string> routes = route.EndsWith("/{action}", StringComparison.Ordinal)
                ? new[] { "approve", "reject", "terminate", "suspend", "resume", "restart" }.Select(a => route.Replace("{action}", a, StringComparison.Ordinal))
                : route.Contains("{*path}", StringComparison.Ordinal) ? ["/api/dashboard/runs/{instanceId}/files/{file}"] : [route];
            foreach (var path in routes.Where(r => r != "/api/openapi.json"))
            {
                served.AddRange(trigger.GetProperty("methods").EnumerateArray().Select(m => (path, m.GetString()!.ToUpperInvariant())));
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served.Order(), documented.Order());
    }

    private static IEnumerable<JsonElement> Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();

    private static JsonElement Trigger(JsonElement function) =>
        Bindings(function).Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>A concrete path for a route template: an unknown run, a real action, an event name; the catch-all empty.</summary>
    private static string Fill(string route) => route
        .Replace("/{*path}", "", StringComparison.Ordinal)
        .Replace("{instanceId}", "nope", StringComparison.Ordinal)
        .Replace("{action}", "terminate", StringComparison.Ordinal)
        .Replace("{eventName}", "Go", StringComparison.Ordinal);

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
