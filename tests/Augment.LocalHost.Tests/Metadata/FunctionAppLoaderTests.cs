using Augment.LocalHost.Metadata;

namespace Augment.LocalHost.Tests.Metadata;

public sealed class FunctionAppLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("localhost-app-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private const string HostJsonText = """
        { "version": "2.0",
          "customHandler": { "description": { "defaultExecutablePath": "handler", "arguments": ["--x", "%SOME_SETTING%"], "workingDirectory": "app" },
                             "enableForwardingHttpRequest": true },
          "extensions": { "http": { "routePrefix": "v1" }, "queues": { "maxDequeueCount": 3, "maxPollingInterval": "00:00:02", "batchSize": 8 },
                          "blobs": { "poisonBlobThreshold": 2 } },
          "functionTimeout": "00:10:00" }
        """;

    [Fact]
    public void Load_AppFolder_ReadsHostJsonAndEveryFunction()
    {
        Write("host.json", HostJsonText);
        Write("Nightly/function.json", """{"bindings":[{"name":"timer","type":"timerTrigger","direction":"in","schedule":"%NightlySchedule%","runOnStartup":false}]}""");
        Write("Uploaded/function.json", """{"bindings":[{"name":"inBlob","type":"blobTrigger","direction":"in","path":"datasets/{name}","connection":"AzureWebJobsStorage"}]}""");
        Write("NotAFunction/readme.txt", "no function.json here");

        var app = FunctionAppLoader.Load(_dir, new AppSettings(new Dictionary<string, string> { ["NightlySchedule"] = "0 0 3 * * *" }));

        Assert.Equal(["Nightly", "Uploaded"], app.Functions.Select(f => f.Name));
        Assert.Equal("0 0 3 * * *", app.Functions[0].Trigger.Get("schedule"));
        Assert.Equal("Host.Functions.Uploaded", app.Functions[1].FunctionId);
        var host = app.Host;
        Assert.Equal("handler", host.Handler!.DefaultExecutablePath);
        Assert.Equal(["--x", "%SOME_SETTING%"], host.Handler.Arguments);
        Assert.True(host.EnableForwardingHttpRequest);
        Assert.Equal("v1", host.RoutePrefix);
        Assert.Equal(3, host.QueueMaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(2), host.QueueMaxPollingInterval);
        Assert.Equal(8, host.QueueBatchSize);
        Assert.Equal(2, host.BlobPoisonThreshold);
        Assert.Equal(TimeSpan.FromMinutes(10), host.FunctionTimeout);
    }

    [Fact]
    public void HostJson_Defaults_AreTheFunctionsHosts()
    {
        var host = HostJson.Parse("""{"version":"2.0"}""");

        Assert.Null(host.Handler);
        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(5, host.QueueMaxDequeueCount);
        Assert.Equal(5, host.BlobPoisonThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), host.InitializationTimeout);
        Assert.False(host.EnableForwardingHttpRequest);
    }

    [Fact]
    public void HostJson_LegacyHttpWorkerSection_IsReadButCustomHandlerWins()
    {
        Assert.Equal("old", HostJson.Parse("""{"httpWorker":{"description":{"defaultExecutablePath":"old"}}}""").Handler!.DefaultExecutablePath);
        Assert.Equal("new", HostJson.Parse("""{"httpWorker":{"description":{"defaultExecutablePath":"old"}},"customHandler":{"description":{"defaultExecutablePath":"new"}}}""").Handler!.DefaultExecutablePath);
    }

    [Fact]
    public void ParseFunction_HttpInAndOut_IsForwardable()
    {
        var function = FunctionAppLoader.ParseFunction("Api", """
            {"bindings":[{"name":"req","type":"httpTrigger","direction":"in","authLevel":"function","methods":["get","post"],"route":"orders/{id?}"},
                         {"name":"res","type":"http","direction":"out"}]}
            """, new AppSettings());

        Assert.True(function.IsHttpInAndOut);
        Assert.Equal(["get", "post"], function.Trigger.GetList("methods"));
    }

    [Fact]
    public void ParseFunction_QueueWithReturnOutput_IsNotForwardable()
    {
        var function = FunctionAppLoader.ParseFunction("Q", """
            {"bindings":[{"name":"msg","type":"queueTrigger","direction":"in","queueName":"work"},{"name":"$return","type":"queue","direction":"out","queueName":"done"}]}
            """, new AppSettings());

        Assert.False(function.IsHttpInAndOut);
        Assert.Equal("done", Assert.Single(function.Outputs).Get("queueName"));
    }

    [Fact]
    public void ParseFunction_DisabledBySetting_IsDisabled()
    {
        var function = FunctionAppLoader.ParseFunction("Q", """{"bindings":[{"name":"msg","type":"queueTrigger","direction":"in","queueName":"work"}]}""",
            new AppSettings(new Dictionary<string, string> { ["AzureWebJobs.Q.Disabled"] = "true" }));

        Assert.True(function.Disabled);
    }

    [Theory]
    [InlineData("""{"bindings":[{"name":"t","type":"timerTrigger","direction":"in","schedule":"%Missing%"}]}""", "app setting 'Missing'")]
    [InlineData("""{"bindings":[]}""", "exactly one trigger binding, found 0")]
    [InlineData("""{"bindings":[{"type":"queueTrigger","direction":"in"}]}""", "needs 'name', 'type' and 'direction'")]
    [InlineData("""{"bindings":[{"name":"m","type":"queueTrigger","direction":"sideways"}]}""", "direction 'sideways'")]
    [InlineData("""{"bindings":{}}""", "'bindings' must be an array")]
    [InlineData("""{"bindings":[""", "not valid JSON")]
    public void ParseFunction_BadFile_OneLineReasonNamingTheFile(string json, string reason)
    {
        var ex = Assert.Throws<InvalidDataException>(() => FunctionAppLoader.ParseFunction("F", json, new AppSettings(), "F/function.json"));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("F/function.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoHostJson_ClearError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => FunctionAppLoader.Load(_dir, new AppSettings()));

        Assert.Contains("host.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_LocalSettingsThenEnvironment_EnvironmentWins()
    {
        Write("local.settings.json", """{"IsEncrypted":false,"Values":{"A":"from-file","LOCALHOST_TEST_B":"from-file","N":5}}""");
        Environment.SetEnvironmentVariable("LOCALHOST_TEST_B", "from-env");
        try
        {
            var settings = AppSettings.Load(Path.Combine(_dir, "local.settings.json"));

            Assert.Equal("from-file", settings["A"]);
            Assert.Equal("from-env", settings["LOCALHOST_TEST_B"]);
            Assert.Equal("5", settings["n"]);
            Assert.Equal("x-from-file-y", settings.Resolve("x-%A%-y"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LOCALHOST_TEST_B", null);
        }
    }
}
