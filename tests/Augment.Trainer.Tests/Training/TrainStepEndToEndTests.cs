using System.Text;
using System.Text.Json;
using Augment.Durable;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Trainer.Tests.Training;

/// <summary>
/// The AugmentDataset orchestration training through the local process runner (the real Augment.Trainer as a child
/// process) against Azurite: the run waits for the trainer's event, then samples and publishes; a crashing trainer fails
/// the run with its reason; a terminated run stops its trainer.
/// </summary>
public sealed class TrainStepEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "i7b-e2e-" + Guid.NewGuid().ToString("N"));
    private AzuriteEmulator? _azurite;
    private IBlobStore? _blobs;
    private AzureStorageOrchestrationService? _service;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        var (blobs, queues) = StorageClients.FromConnectionString(_azurite.ConnectionString);
        _blobs = blobs;
        _service = new AzureStorageOrchestrationService(blobs, queues, new DurableTaskOptions { TaskHub = "augment" });
        await PipelineRegistration.EnsureContainersAsync(blobs);
    }

    private RecordingRunner Runner(bool withStorage = true, Func<string, Task>? beforeStart = null)
    {
        var environment = new Dictionary<string, string> { [AppSettings.TaskHub] = "augment", [AppSettings.PartitionCount] = "4", ["AUGMENT_TRAINER_WATCH_SECONDS"] = "1" };
        if (withStorage)
        {
            environment[AppSettings.Storage] = _azurite!.ConnectionString;
        }

        return new RecordingRunner(new LocalProcessRunner(new LocalProcessRunnerOptions
        {
            FileName = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "Augment.Trainer.dll")],
            LogDirectory = _logs,
            Environment = environment,
            StopGracePeriod = TimeSpan.FromSeconds(5),
        }), beforeStart);
    }

    private async Task<(DurableTaskClient Client, DurableTaskWorker Worker, string Id)> StartAsync(RecordingRunner runner, string dataset, string specJson, int rows)
    {
        var policy = new TrainingJobPolicy { PollInterval = TimeSpan.FromSeconds(1), StartRetryInterval = TimeSpan.FromSeconds(1) };
        var registry = new DurableTaskRegistry().AddAugmentPipeline(_blobs!, runner, policy);
        var worker = new DurableTaskWorker(_service!, registry, new DurableTaskOptions { TaskHub = "augment" });
        await worker.StartAsync();
        var client = new DurableTaskClient(_service!);
        await _blobs!.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(specJson)));
        await _blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(AdultHead(rows))));
        var started = await new RunStarter(_blobs, client).StartForBlobAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", "test");
        return (client, worker, started.InstanceId);
    }

    [Fact]
    public async Task LocalRunner_TrainsInAProcess_RaisesTheEvent_AndTheRunPublishes()
    {
        using var runner = Runner();
        var (client, worker, id) = await StartAsync(runner, "jobok", """{ "target": "income", "rows": 200, "model": "auto", "seed": 7 }""", 300);
        await using var _ = worker;

        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        var history = JsonSerializer.Serialize(await client.GetHistoryAsync(id));
        Assert.Contains(ActivityNames.StartTrainingJob, history, StringComparison.Ordinal);
        Assert.Contains(TrainingEvents.Completed, history, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{ActivityNames.Train}\"", history, StringComparison.Ordinal);
        Assert.Contains("trainer: trained", await File.ReadAllTextAsync(Path.Combine(_logs, id, "trainer.log")), StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.Succeeded, await runner.Inner.GetStateAsync(runner.Handles.Single()));
        Assert.NotNull(await _blobs!.OpenReadAsync(TrainingEvents.ModelsContainer, $"{id}/model.json"));
        var published = (await _blobs.ListPageAsync(WorkArea.OutputContainer, "jobok/")).Items.Select(b => Path.GetFileName(b.Name)).ToList();
        Assert.Contains("augmented.csv", published);
        Assert.Contains("report.json", published);
    }

    [Fact]
    public async Task CrashingTrainer_FailsTheRunWithTheTrainersReason()
    {
        // The trainer finds no training rows (deleted just before it starts), fails and raises TrainingFailed.
        using var runner = Runner(beforeStart: runId => _blobs!.DeleteAsync(WorkArea.WorkContainer, WorkArea.Train(runId)));
        var (client, worker, id) = await StartAsync(runner, "jobcrash", """{ "target": "income", "rows": 100 }""", 200);
        await using var _ = worker;

        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Train failed: ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("train.csv", meta.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', meta.FailureDetails.ErrorMessage);
        Assert.Contains(TrainingEvents.Failed, JsonSerializer.Serialize(await client.GetHistoryAsync(id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainerThatDiesWithoutAnEvent_FailsTheRunFromStatusPolling()
    {
        // No storage setting: the trainer exits 2 before it can raise anything; only polling can notice.
        using var runner = Runner(withStorage: false);
        var (client, worker, id) = await StartAsync(runner, "jobdead", """{ "target": "income", "rows": 100 }""", 200);
        await using var _ = worker;

        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.Equal("Train failed: the trainer ended (Failed) without reporting a result", meta.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task TerminatedRun_StopsItsTrainer()
    {
        using var runner = Runner();
        var (client, worker, id) = await StartAsync(runner, "jobstop", """{ "target": "income", "rows": 100, "model": "tvae", "epochs": 100000 }""", 300);
        await using var _ = worker;
        using var deadline = new CancellationTokenSource(Limit);
        while ((await client.GetInstanceAsync(id, true, deadline.Token))?.SerializedCustomStatus is not { } status || !status.Contains("Training tvae", StringComparison.Ordinal))
        {
            await Task.Delay(200, deadline.Token);
        }

        await client.TerminateInstanceAsync(id, "test stop");
        var handle = runner.Handles.Single();
        TrainingJobState state;
        while (!(state = await runner.Inner.GetStateAsync(handle, deadline.Token)).IsTerminal())
        {
            await Task.Delay(200, deadline.Token);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(TrainingJobState.Failed, state); // exit 143, not killed by the runner
        Assert.Equal(143, runner.Inner.ExitCode(handle));
        Assert.Contains($"trainer stopped: run {id} is Terminated", await File.ReadAllTextAsync(Path.Combine(_logs, id, "trainer.log")), StringComparison.Ordinal);
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
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }

    [Fact]
    public async Task StartFailsOnceForInfrastructure_IsRetriedOnADurableTimer_AndTheRunCompletes()
    {
        var attempts = 0;
        using var runner = Runner(beforeStart: _ => Interlocked.Increment(ref attempts) == 1
            ? throw new TrainingJobException("ARM start returned 503 (simulated)")
            : Task.CompletedTask);
        var (client, worker, id) = await StartAsync(runner, "jobretry", """{ "target": "income", "rows": 100, "model": "gaussian-copula", "seed": 3 }""", 200);
        await using var _ = worker;

        var meta = await client.WaitForInstanceCompletionAsync(id, true, new CancellationTokenSource(Limit).Token);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, meta.FailureDetails?.ErrorMessage);
        Assert.Equal(2, attempts);
        Assert.Single(runner.Handles);
        var history = await client.GetHistoryAsync(id);
        Assert.Equal(2, history.OfType<TaskScheduledEvent>().Count(e => e.Name == ActivityNames.StartTrainingJob));
        Assert.Contains(history, e => e is TimerFiredEvent);
    }

    /// <summary>The local runner, remembering what it started (and optionally doing something first).</summary>
    private sealed class RecordingRunner(LocalProcessRunner inner, Func<string, Task>? beforeStart) : ITrainingJobRunner, IDisposable
    {
        public LocalProcessRunner Inner { get; } = inner;

        public System.Collections.Concurrent.ConcurrentQueue<TrainingJobHandle> Handles { get; } = new();

        public async Task<TrainingJobHandle> StartAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
        {
            if (beforeStart is not null)
            {
                await beforeStart(request.RunId);
            }

            var handle = await Inner.StartAsync(request, cancellationToken);
            Handles.Enqueue(handle);
            return handle;
        }

        public Task<TrainingJobState> GetStateAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default) => Inner.GetStateAsync(handle, cancellationToken);

        public Task StopAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default) => Inner.StopAsync(handle, cancellationToken);

        public void Dispose() => Inner.Dispose();
    }
}
