using System.Collections.Concurrent;
using System.Text;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Training;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Augment.Trainer.Tests.Training;

/// <summary>
/// The AugmentDataset orchestration on Microsoft's in-memory Durable Task engine (<see cref="DurableTaskTestHost"/>)
/// training through the local process runner: the real Augment.Trainer as a child process, with the blobs on Azurite
/// (shared by both processes). The run finds the trainer's result blob on a job poll, then samples and publishes; a
/// crashing trainer fails the run with its reason; a trainer that dies silently fails it from the runner's state; a lost
/// trainer is started again; a terminated run stops its trainer through the trainer's status watch.
/// </summary>
public sealed class TrainStepEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "i7b-e2e-" + Guid.NewGuid().ToString("N"));
    private AzuriteEmulator? _azurite;
    private IBlobStore? _blobs;
    private DurableTaskTestHost? _host;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        _blobs = StorageClients.FromConnectionString(_azurite.ConnectionString).Blobs;
        await PipelineRegistration.EnsureContainersAsync(_blobs);
    }

    private RecordingRunner Runner(bool withStorage = true, Func<string, Task>? beforeStart = null, bool loseFirst = false, string? statusUrl = null)
    {
        var environment = new Dictionary<string, string> { [RunWatch.IntervalVariable] = "1" };
        if (withStorage)
        {
            environment[AppSettings.Storage] = _azurite!.ConnectionString;
        }

        if (statusUrl is not null)
        {
            environment[RunWatch.StatusUrlVariable] = statusUrl;
        }

        return new RecordingRunner(new LocalProcessRunner(new LocalProcessRunnerOptions
        {
            FileName = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "Augment.Trainer.dll")],
            LogDirectory = _logs,
            Environment = environment,
            StopGracePeriod = TimeSpan.FromSeconds(5),
        }), beforeStart, loseFirst);
    }

    private async Task<(DurableTaskClient Client, string Id)> StartAsync(RecordingRunner runner, string dataset, string specJson, int rows)
    {
        var policy = new TrainingJobPolicy { PollInterval = TimeSpan.FromSeconds(1), StartRetryInterval = TimeSpan.FromSeconds(1) };
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _host = await DurableTaskTestHost.StartAsync(r => r.AddAugmentPipeline(_blobs!, runner, policy), cancellationToken: start.Token);
        await _blobs!.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(specJson)));
        await _blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(AdultHead(rows))));
        var started = await new RunStarter(_blobs, _host.Client).StartForBlobAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", "test");
        return (_host.Client, started.InstanceId);
    }

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string id)
    {
        using var limit = new CancellationTokenSource(Limit);
        return await client.WaitForInstanceCompletionAsync(id, true, limit.Token);
    }

    [Fact]
    public async Task LocalRunner_TrainsInAProcess_TheRunReadsItsResultAndPublishes()
    {
        using var runner = Runner();
        var (client, id) = await StartAsync(runner, "jobok", """{ "target": "income", "rows": 200, "model": "auto", "seed": 7 }""", 300);

        var meta = await WaitAsync(client, id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        var handle = Assert.Single(runner.Handles);
        Assert.Equal(LocalProcessRunner.Kind, handle.Runner);
        Assert.Equal(TrainingJobState.Succeeded, await runner.Inner.GetStateAsync(handle));
        Assert.Contains("trainer: trained", await File.ReadAllTextAsync(Path.Combine(_logs, id, "trainer.log")), StringComparison.Ordinal);
        // The trainer's own outputs: the model under models/ and the result the orchestration read.
        Assert.NotNull(await _blobs!.GetPropertiesAsync(TrainingEvents.ModelsContainer, $"{id}/model.json"));
        Assert.Equal("done", (await TrainerJob.ReadProgressAsync(_blobs, id))!.Stage);
        var published = (await _blobs.ListPageAsync(WorkArea.OutputContainer, "jobok/")).Items.Select(b => Path.GetFileName(b.Name)).ToList();
        Assert.Contains("augmented.csv", published);
        Assert.Contains("report.json", published);
    }

    [Fact]
    public async Task CrashingTrainer_FailsTheRunWithTheTrainersReason()
    {
        // The trainer finds no training rows (deleted just before it starts), fails and writes a "failed" heartbeat.
        using var runner = Runner(beforeStart: runId => _blobs!.DeleteAsync(WorkArea.WorkContainer, WorkArea.Train(runId)));
        var (client, id) = await StartAsync(runner, "jobcrash", """{ "target": "income", "rows": 100, "model": "gaussian-copula" }""", 200);

        var meta = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        var reason = meta.FailureDetails!.ErrorMessage;
        Assert.StartsWith("Train failed: ", reason, StringComparison.Ordinal);
        Assert.Contains("train.csv", reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reason);
        Assert.Equal("failed", (await TrainerJob.ReadProgressAsync(_blobs!, id))!.Stage);
        Assert.Empty((await _blobs!.ListPageAsync(WorkArea.OutputContainer, "jobcrash/")).Items);
    }

    [Fact]
    public async Task TrainerThatDiesWithoutAWord_FailsTheRunFromStatusPolling()
    {
        // No storage setting: the trainer exits 2 before it can write anything; only the runner's state can tell.
        using var runner = Runner(withStorage: false);
        var (client, id) = await StartAsync(runner, "jobdead", """{ "target": "income", "rows": 100, "model": "gaussian-copula" }""", 200);

        var meta = await WaitAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.Equal("Train failed: the trainer ended (Failed) without reporting a result", meta.FailureDetails!.ErrorMessage);
        Assert.Equal(2, runner.Inner.ExitCode(runner.Handles.Single()));
    }

    [Fact]
    public async Task LostTrainer_IsStartedAgainAndTheRunCompletes()
    {
        // The first trainer is killed (SIGKILL) at once and the runner no longer knows it, as after a host restart.
        using var runner = Runner(loseFirst: true);
        var (client, id) = await StartAsync(runner, "joblost", """{ "target": "income", "rows": 100, "model": "gaussian-copula", "seed": 3 }""", 200);

        var meta = await WaitAsync(client, id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        Assert.Equal(2, runner.Handles.Count);
        Assert.Equal(TrainingJobState.Succeeded, await runner.Inner.GetStateAsync(runner.Handles.Last()));
    }

    [Fact]
    public async Task TerminatedRun_StopsItsTrainerThroughTheStatusWatch()
    {
        // The trainer watches the run on the Durable Functions status route; this fake serves it from the test host.
        DurableTaskClient? client = null;
        await using var status = new FakeHttpServer(request =>
        {
            var instance = Uri.UnescapeDataString(request.PathAndQuery.Split('?')[0].Split('/')[^1]);
            var meta = client?.GetInstanceAsync(instance).GetAwaiter().GetResult();
            return meta is null ? new FakeReply(404, "{}") : new FakeReply(200, $$"""{ "instanceId": "{{instance}}", "runtimeStatus": "{{meta.RuntimeStatus}}" }""");
        });
        using var runner = Runner(statusUrl: $"{status.BaseUri}runtime/webhooks/durabletask/instances/{{runId}}?code=test-key");
        (client, var id) = await StartAsync(runner, "jobstop", """{ "target": "income", "rows": 100, "model": "tvae", "epochs": 100000 }""", 300);
        using var deadline = new CancellationTokenSource(Limit);
        while ((await client.GetInstanceAsync(id, true, deadline.Token))?.SerializedCustomStatus is not { } progress || !progress.Contains("Training tvae", StringComparison.Ordinal))
        {
            await Task.Delay(200, deadline.Token);
        }

        await client.TerminateInstanceAsync(id, "test stop", deadline.Token);
        var handle = runner.Handles.Single();
        TrainingJobState state;
        while (!(state = await runner.Inner.GetStateAsync(handle, deadline.Token)).IsTerminal())
        {
            await Task.Delay(200, deadline.Token);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(TrainingJobState.Failed, state); // exit 143 on its own, not stopped by the runner
        Assert.Equal(143, runner.Inner.ExitCode(handle));
        Assert.Contains($"trainer stopped: run {id} is Terminated", await File.ReadAllTextAsync(Path.Combine(_logs, id, "trainer.log")), StringComparison.Ordinal);
        Assert.Contains(status.Requests, r => r.PathAndQuery == $"/runtime/webhooks/durabletask/instances/{id}?code=test-key");
    }

    [Fact]
    public async Task StartFailsOnceForInfrastructure_IsRetriedOnADurableTimer_AndTheRunCompletes()
    {
        var attempts = 0;
        using var runner = Runner(beforeStart: _ => Interlocked.Increment(ref attempts) == 1
            ? throw new TrainingJobException("ARM start returned 503 (simulated)")
            : Task.CompletedTask);
        var (client, id) = await StartAsync(runner, "jobretry", """{ "target": "income", "rows": 100, "model": "gaussian-copula", "seed": 3 }""", 200);

        var meta = await WaitAsync(client, id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        Assert.Equal(2, attempts);
        Assert.Single(runner.Handles);
    }

    private static string AdultHead(int rows)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "adult.csv")))
        {
            dir = dir.Parent;
        }

        var lines = File.ReadLines(Path.Combine(dir?.FullName ?? throw new FileNotFoundException("samples/adult.csv"), "samples", "adult.csv")).Take(rows + 1);
        return string.Join('\n', lines) + "\n";
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }

    /// <summary>The local runner, remembering what it started (optionally doing something first, or losing the first trainer).</summary>
    private sealed class RecordingRunner(LocalProcessRunner inner, Func<string, Task>? beforeStart, bool loseFirst) : ITrainingJobRunner, IDisposable
    {
        private readonly ConcurrentDictionary<string, bool> _lost = new(StringComparer.Ordinal);

        public LocalProcessRunner Inner { get; } = inner;

        public ConcurrentQueue<TrainingJobHandle> Handles { get; } = new();

        public async Task<TrainingJobHandle> StartAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
        {
            if (beforeStart is not null)
            {
                await beforeStart(request.RunId);
            }

            var handle = await Inner.StartAsync(request, cancellationToken);
            Handles.Enqueue(handle);
            if (loseFirst && Handles.Count == 1)
            {
                // Gone without a word (no heartbeat, no exit the runner saw): kill -9, then forget it.
                using var process = System.Diagnostics.Process.GetProcessById(int.Parse(handle.ExecutionId, System.Globalization.CultureInfo.InvariantCulture));
                process.Kill();
                await process.WaitForExitAsync(cancellationToken);
                _lost[handle.ExecutionId] = true;
            }

            return handle;
        }

        public Task<TrainingJobState> GetStateAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default) =>
            _lost.ContainsKey(handle.ExecutionId) ? Task.FromResult(TrainingJobState.Unknown) : Inner.GetStateAsync(handle, cancellationToken);

        public Task StopAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default) => Inner.StopAsync(handle, cancellationToken);

        public void Dispose() => Inner.Dispose();
    }
}
