using System.Text.Json.Nodes;
using Augment.LocalHost.Handler;
using Augment.LocalHost.Invocation;

namespace Augment.LocalHost.Tests.Handler;

public sealed class HandlerProcessTests : IDisposable
{
    private readonly FakeApp _app = new();

    public void Dispose() => _app.Dispose();

    private static InvocationRequest Request(string function) =>
        new(function, Guid.NewGuid(), new JsonObject { ["msg"] = WireValues.Text("hi") }, new JsonObject { ["DequeueCount"] = WireValues.Number(1) });

    [Fact]
    public async Task Invoke_FakeHandler_GetsPortSettingsHeadersAndPayload()
    {
        var settings = _app.Settings();
        await using var handler = new HandlerProcess(_app.Load(settings), settings);
        await handler.StartAsync();
        using var http = new HttpClient();
        var invoker = new HttpFunctionInvoker(http, handler);
        var request = Request("OnQueue");

        await invoker.InvokeAsync(request);

        var seen = Assert.Single(_app.Invocations());
        Assert.Equal("POST", seen.GetProperty("method").GetString());
        Assert.Equal("/OnQueue", seen.GetProperty("path").GetString());
        var headers = seen.GetProperty("headers");
        Assert.Equal(request.InvocationId.ToString(), headers.GetProperty("x-azure-functions-invocationid").GetString());
        Assert.StartsWith("Azure-Functions-Host/", headers.GetProperty("user-agent").GetString(), StringComparison.Ordinal);
        var body = seen.GetProperty("body");
        Assert.Equal("\"hi\"", body.GetProperty("Data").GetProperty("msg").GetString());
        Assert.Equal("1", body.GetProperty("Metadata").GetProperty("DequeueCount").GetString());
        Assert.Equal("OnQueue", body.GetProperty("Metadata").GetProperty("sys").GetProperty("MethodName").GetString());
        var env = seen.GetProperty("env");
        Assert.Equal(handler.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), env.GetProperty("port").GetString());
        Assert.Equal("from-settings", env.GetProperty("setting").GetString());
        Assert.Equal(_app.Root, env.GetProperty("root").GetString());
        Assert.False(string.IsNullOrEmpty(env.GetProperty("workerId").GetString()));
    }

    [Fact]
    public async Task Start_HandlerExitsBeforeReady_ErrorCarriesItsOutput()
    {
        var settings = _app.Settings(("FAKE_EXIT_AT_START", "bad config"));
        await using var handler = new HandlerProcess(_app.Load(settings), settings);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => handler.StartAsync());

        Assert.Contains("exited with code 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to start (bad config)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_HandlerDied_RestartedOnTheNextCall()
    {
        var settings = _app.Settings();
        await using var handler = new HandlerProcess(_app.Load(settings), settings);
        await handler.StartAsync();
        var first = handler.ProcessId;
        using var http = new HttpClient();
        var invoker = new HttpFunctionInvoker(http, handler);

        await invoker.InvokeAsync(Request("Crash"));
        for (var i = 0; i < 100 && handler.ProcessId is not null; i++)
        {
            await Task.Delay(50);
        }

        await invoker.InvokeAsync(Request("OnQueue"));

        Assert.NotNull(handler.ProcessId);
        Assert.NotEqual(first, handler.ProcessId);
        Assert.Equal(["/Crash", "/OnQueue"], _app.Invocations().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Invoke_Non2xxAnswer_FailsTheInvocation()
    {
        var settings = _app.Settings();
        await using var handler = new HandlerProcess(_app.Load(settings), settings);
        using var http = new HttpClient();
        var invoker = new HttpFunctionInvoker(http, handler);

        var ex = await Assert.ThrowsAsync<FunctionInvocationException>(() => invoker.InvokeAsync(Request("Flaky")));

        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("always fails", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseResult_CaseInsensitiveFields()
    {
        var result = HttpFunctionInvoker.ParseResult("""{"outputs":{"res":{"statusCode":200}},"logs":["a","b"],"returnValue":{"x":1}}""");

        Assert.NotNull(result.Outputs["res"]);
        Assert.Equal(["a", "b"], result.Logs);
        Assert.Equal(1, result.ReturnValue!["x"]!.GetValue<int>());
    }

    [Fact]
    public void ParseResult_NotJson_FailsTheInvocation() =>
        Assert.Throws<FunctionInvocationException>(() => HttpFunctionInvoker.ParseResult("plain text"));
}
