using System.Text.Json;
using Augment.Pipeline.Training;
using Augment.Pipeline.Training.Acr;
using Augment.Pipeline.Training.Arm;

namespace Augment.Trainer.Tests.Training;

/// <summary>The Container Apps runner end to end against one fake serving both the registry and ARM.</summary>
public sealed class ContainerAppsJobRunnerContractTests
{
    private const string JobPath = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.App/jobs/job-trainer";
    private const string Digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public async Task Start_PinsTheImageByDigestAndStartsAnExecutionWithTheSecretsAndRunEnvironment()
    {
        FakeHttpServer? server = null;
        string? startBody = null;
        await using var fake = server = new FakeHttpServer(request =>
        {
            var host = server!.Authority;
            return (request.Method, request.PathAndQuery) switch
            {
                ("HEAD", "/v2/augment/trainer/manifests/latest") when !request.Headers.ContainsKey("Authorization") =>
                    new FakeReply(401, "", new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"http://{host}/oauth2/token\",service=\"{host}\"" }),
                ("POST", "/oauth2/exchange") => new FakeReply(200, "{\"refresh_token\":\"rt\"}"),
                ("POST", "/oauth2/token") => new FakeReply(200, "{\"access_token\":\"at\"}"),
                ("HEAD", "/v2/augment/trainer/manifests/latest") => new FakeReply(200, "", new Dictionary<string, string> { ["Docker-Content-Digest"] = Digest }),
                ("POST", JobPath + "/start?api-version=2025-01-01") => Started(request, ref startBody),
                ("GET", JobPath + "/executions/job-trainer-e1?api-version=2025-01-01") => new FakeReply(200, "{\"name\":\"job-trainer-e1\",\"properties\":{\"status\":\"Failed\"}}"),
                ("POST", JobPath + "/executions/job-trainer-e1/stop?api-version=2025-01-01") => new FakeReply(200),
                _ => throw new InvalidOperationException($"unexpected {request.Method} {request.PathAndQuery}"),
            };
        });
        var clientOptions = new TrainingClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        var credential = new FakeCredential(DateTimeOffset.UtcNow.AddHours(1));
        var jobs = new ContainerAppsJobClient(new ContainerAppsJobOptions { SubscriptionId = "s1", ResourceGroup = "rg", JobName = "job-trainer", Endpoint = fake.BaseUri }, credential, clientOptions);
        var registry = new AcrDigestResolver(credential, null, clientOptions, useHttpForLoopback: true);
        var runner = new ContainerAppsJobRunner(jobs, registry, new ContainerAppsJobRunnerOptions
        {
            Image = ImageReference.Parse($"{fake.Authority}/augment/trainer:latest"),
            Environment = new Dictionary<string, string> { ["Augment__TaskHub"] = "augment" },
        });

        var handle = await runner.StartAsync(new TrainingJobRequest("adult-1", "work/adult-1/train-job.json", new Dictionary<string, string> { ["AUGMENT_RUN_ID"] = "adult-1" }));
        var state = await runner.GetStateAsync(handle);
        await runner.StopAsync(handle);

        Assert.Equal("job-trainer-e1", handle.ExecutionId);
        Assert.Equal($"{fake.Authority}/augment/trainer@{Digest}", handle.Image);
        Assert.Equal(TrainingJobState.Failed, state);
        using var body = JsonDocument.Parse(startBody!);
        var container = body.RootElement.GetProperty("containers")[0];
        Assert.Equal("trainer", container.GetProperty("name").GetString());
        Assert.Equal(handle.Image, container.GetProperty("image").GetString());
        var env = container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        Assert.Equal("work/adult-1/train-job.json", env["AUGMENT_JOB_SPEC"].GetProperty("value").GetString());
        Assert.Equal("adult-1", env["AUGMENT_RUN_ID"].GetProperty("value").GetString());
        Assert.Equal("augment", env["Augment__TaskHub"].GetProperty("value").GetString());
        Assert.Equal("storage-connection", env["AzureWebJobsStorage"].GetProperty("secretRef").GetString());
        Assert.Equal("run-status-url", env["AUGMENT_RUN_STATUS_URL"].GetProperty("secretRef").GetString());
        Assert.False(env["AUGMENT_RUN_STATUS_URL"].TryGetProperty("value", out _));
    }

    private static FakeReply Started(RecordedRequest request, ref string? body)
    {
        Assert.Equal("Bearer aad-arm", request.Headers["Authorization"]);
        body = request.Body;
        return new FakeReply(200, "{\"name\":\"job-trainer-e1\"}");
    }
}
