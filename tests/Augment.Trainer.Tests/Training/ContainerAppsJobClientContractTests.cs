using System.Text.Json;
using Augment.Pipeline.Training;
using Augment.Pipeline.Training.Arm;

namespace Augment.Trainer.Tests.Training;

/// <summary>The ARM Container Apps Jobs client against a local fake that checks CONTRACTS §6 and replays its replies.</summary>
public sealed class ContainerAppsJobClientContractTests
{
    private const string JobPath = "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.App/jobs/trainer-job";
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly JobExecutionTemplate Template = new(
    [
        new JobContainer("trainer", "myacr.azurecr.io/augment/trainer@" + Digest,
            new Dictionary<string, string> { ["AUGMENT_RUN_ID"] = "adult-1", ["AUGMENT_JOB_SPEC"] = "work/adult-1/train-job.json" },
            new JobResources(8, "56Gi")),
    ]);

    private static ContainerAppsJobClient Client(FakeHttpServer server, FakeCredential credential, string apiVersion = "2025-01-01")
    {
        var clientOptions = new TrainingClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        var options = new ContainerAppsJobOptions
        {
            SubscriptionId = "sub-1", ResourceGroup = "rg-1", JobName = "trainer-job", ApiVersion = apiVersion,
            Endpoint = server.BaseUri, PollInterval = TimeSpan.Zero,
        };
        return new ContainerAppsJobClient(options, credential, clientOptions);
    }

    private static void RequireArm(RecordedRequest request, string method, string pathAndQuery)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(pathAndQuery, request.PathAndQuery);
        Assert.Equal("Bearer aad-arm", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task StartExecution_202WithLocation_PostsTemplateAndFollowsLocationToTheName()
    {
        var polls = 0;
        await using var server = new FakeHttpServer(request =>
        {
            if (request.Method == "POST")
            {
                RequireArm(request, "POST", JobPath + "/start?api-version=2025-01-01");
                return new FakeReply(202, "", new Dictionary<string, string>
                {
                    ["Location"] = $"http://127.0.0.1:{request.Headers["Host"].Split(':')[1]}{JobPath}/operationResults/op-1?api-version=2025-01-01",
                    ["Retry-After"] = "0",
                });
            }

            RequireArm(request, "GET", JobPath + "/operationResults/op-1?api-version=2025-01-01");
            return ++polls == 1
                ? new FakeReply(202, "", new Dictionary<string, string> { ["Retry-After"] = "0" })
                : new FakeReply(200, $"{{\"name\":\"trainer-job-abc123\",\"id\":\"{JobPath}/executions/trainer-job-abc123\"}}");
        });
        var credential = new FakeCredential(DateTimeOffset.UtcNow.AddHours(1));

        var name = await Client(server, credential).StartExecutionAsync(Template);

        Assert.Equal("trainer-job-abc123", name);
        Assert.Equal(["POST", "GET", "GET"], server.Requests.Select(r => r.Method));
        var start = server.Requests[0];
        Assert.StartsWith("application/json", start.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(start.Body);
        var container = body.RootElement.GetProperty("containers")[0];
        Assert.Equal("trainer", container.GetProperty("name").GetString());
        Assert.Equal("myacr.azurecr.io/augment/trainer@" + Digest, container.GetProperty("image").GetString());
        Assert.Equal(["AUGMENT_JOB_SPEC", "AUGMENT_RUN_ID"], container.GetProperty("env").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("work/adult-1/train-job.json", container.GetProperty("env")[0].GetProperty("value").GetString());
        Assert.Equal(8, container.GetProperty("resources").GetProperty("cpu").GetDouble());
        Assert.Equal("56Gi", container.GetProperty("resources").GetProperty("memory").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("initContainers").GetArrayLength());
        Assert.All(credential.Scopes, scope => Assert.Equal(ContainerAppsJobClient.Scope, scope));
        Assert.Single(credential.Scopes); // cached for the polls
    }

    [Fact]
    public async Task StartExecution_200_ReturnsTheNameWithoutPolling()
    {
        await using var server = new FakeHttpServer(request =>
        {
            RequireArm(request, "POST", JobPath + "/start?api-version=2024-03-01");
            return new FakeReply(200, $"{{\"id\":\"{JobPath}/executions/trainer-job-x9\"}}");
        });

        var name = await Client(server, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1)), "2024-03-01").StartExecutionAsync(Template);

        Assert.Equal("trainer-job-x9", name);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task StartExecution_AsyncOperationFails_ThrowsWithArmMessage()
    {
        await using var server = new FakeHttpServer(request => request.Method == "POST"
            ? new FakeReply(202, "", new Dictionary<string, string> { ["Azure-AsyncOperation"] = $"http://127.0.0.1:{request.Headers["Host"].Split(':')[1]}/ops/7?api-version=2025-01-01" })
            : new FakeReply(200, "{\"status\":\"Failed\",\"error\":{\"code\":\"QuotaExceeded\",\"message\":\"No GPU quota\"}}"));

        var error = await Assert.ThrowsAsync<TrainingJobException>(() => Client(server, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1))).StartExecutionAsync(Template));

        Assert.Contains("No GPU quota", error.Message, StringComparison.Ordinal);
        Assert.Equal("/ops/7?api-version=2025-01-01", server.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task StartExecution_403_ThrowsOneLineWithTheArmErrorCode()
    {
        await using var server = new FakeHttpServer(_ => new FakeReply(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no access\"}}"));

        var error = await Assert.ThrowsAsync<TrainingJobException>(() => Client(server, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1))).StartExecutionAsync(Template));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("Running", TrainingJobState.Running)]
    [InlineData("Processing", TrainingJobState.Running)]
    [InlineData("Succeeded", TrainingJobState.Succeeded)]
    [InlineData("Failed", TrainingJobState.Failed)]
    [InlineData("Stopped", TrainingJobState.Stopped)]
    [InlineData("Unknown", TrainingJobState.Unknown)]
    public async Task GetExecution_DocumentedReply_ParsesStatusAndTimes(string status, TrainingJobState expected)
    {
        await using var server = new FakeHttpServer(request =>
        {
            RequireArm(request, "GET", JobPath + "/executions/trainer-job-abc123?api-version=2025-01-01");
            return new FakeReply(200, $"{{\"name\":\"trainer-job-abc123\",\"id\":\"{JobPath}/executions/trainer-job-abc123\",\"properties\":{{\"status\":\"{status}\",\"startTime\":\"2026-11-21T10:00:00Z\",\"template\":{{}}}}}}");
        });

        var execution = await Client(server, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1))).GetExecutionAsync("trainer-job-abc123");

        Assert.Equal(expected, execution.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), execution.StartTime);
        Assert.Null(execution.EndTime);
    }

    [Fact]
    public async Task StopExecution_PostsTheStopUrl()
    {
        await using var server = new FakeHttpServer(request =>
        {
            RequireArm(request, "POST", JobPath + "/executions/trainer-job-abc123/stop?api-version=2025-01-01");
            return new FakeReply(202);
        });

        await Client(server, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1))).StopExecutionAsync("trainer-job-abc123");

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Requests_TokenNearExpiry_AreSentWithAFreshToken()
    {
        await using var server = new FakeHttpServer(_ => new FakeReply(202));
        var credential = new FakeCredential(DateTimeOffset.UtcNow.AddMinutes(2));
        var client = Client(server, credential);

        await client.StopExecutionAsync("a");
        await client.StopExecutionAsync("b");

        Assert.Equal(2, credential.Scopes.Count);
    }

    [Fact]
    public async Task Requests_PlainHttpToARemoteHost_AreRefusedBeforeSending()
    {
        var options = new ContainerAppsJobOptions { SubscriptionId = "s", ResourceGroup = "r", JobName = "j", Endpoint = new Uri("http://management.example.invalid") };
        var client = new ContainerAppsJobClient(options, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.StopExecutionAsync("x"));
    }

    [Fact]
    public void Constructor_MissingJobName_SaysWhichOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new ContainerAppsJobClient(new ContainerAppsJobOptions { SubscriptionId = "s", ResourceGroup = "r" }, new FakeCredential(DateTimeOffset.UtcNow)));

        Assert.Contains("JobName", error.Message, StringComparison.Ordinal);
    }
}
