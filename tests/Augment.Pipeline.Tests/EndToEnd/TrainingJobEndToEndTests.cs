using System.Collections.Concurrent;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Training;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Augment.Pipeline.Tests.EndToEnd;

/// <summary>
/// The Train step through a training-job runner on the real engine (<see cref="DurableTaskTestHost"/>): the runner
/// here trains in this process with <see cref="TrainerJob.RunAsync"/> (what the trainer executable does) on the same
/// in-memory blobs, so the orchestration finds the trainer's result blob on a poll. The real trainer process is
/// covered by Augment.Trainer.Tests.
/// </summary>
public sealed class TrainingJobEndToEndTests
{
    private static readonly TrainingJobPolicy Policy = new() { PollInterval = TimeSpan.FromMilliseconds(500), StartRetryInterval = TimeSpan.FromSeconds(1) };

    private const string Spec = """{ "target": "income", "rows": 100, "model": "gaussian-copula", "seed": 3 }""";

    private static async Task<(DurableTaskTestHost Host, InMemoryBlobStore Blobs, string Id)> StartAsync(InProcessTrainerRunner runner, string dataset)
    {
        var blobs = runner.Blobs;
        await PipelineRegistration.EnsureContainersAsync(blobs);
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var host = await DurableTaskTestHost.StartAsync(r => r.AddAugmentPipeline(blobs, runner, Policy), cancellationToken: start.Token);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Spec)));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(PipelineHost.AdultHead(200))));
        var started = await new RunStarter(blobs, host.Client).StartForBlobAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", "test");
        return (host, blobs, started.InstanceId);
    }

    private static async Task<OrchestrationMetadata> WaitAsync(DurableTaskTestHost host, string id)
    {
        using var limit = new CancellationTokenSource(PipelineHost.Limit);
        return await host.Client.WaitForInstanceCompletionAsync(id, true, limit.Token);
    }

    [Fact]
    public async Task Run_TrainerJob_CompletesFromTheTrainersResultBlobAndPublishes()
    {
        var runner = new InProcessTrainerRunner();
        var (host, blobs, id) = await StartAsync(runner, "jobok");
        await using var _ = host;

        var meta = await WaitAsync(host, id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        Assert.Equal(1, runner.Starts);
        Assert.Equal("done", (await TrainerJob.ReadProgressAsync(blobs, id))!.Stage);
        Assert.NotNull(await blobs.GetPropertiesAsync(TrainingEvents.ModelsContainer, $"{id}/metrics.json"));
        Assert.Contains(WorkArea.OutputPrefix("jobok", id) + "report.json", (await blobs.ListPageAsync(WorkArea.OutputContainer, "jobok/")).Items.Select(b => b.Name));
    }

    [Fact]
    public async Task Run_TrainerFails_FailsTheRunWithTheTrainersReasonFromItsHeartbeat()
    {
        var runner = new InProcessTrainerRunner { Model = "no-such-model" };
        var (host, _, id) = await StartAsync(runner, "jobbad");
        await using var _ = host;

        var meta = await WaitAsync(host, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        Assert.StartsWith("Train failed: ", meta.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("no-such-model", meta.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', meta.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task Run_StartFailsOnceWithTrainingJobException_IsRetriedAndCompletes()
    {
        var runner = new InProcessTrainerRunner { FailFirstStart = new TrainingJobException("ARM start returned 503 (simulated)") };
        var (host, _, id) = await StartAsync(runner, "jobretry");
        await using var _ = host;

        var meta = await WaitAsync(host, id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        Assert.Equal(2, runner.Attempts);
        Assert.Equal(1, runner.Starts);
    }

    [Fact]
    public async Task Run_StartFailsOnceWithHttpRequestException_IsRetriedAndCompletes()
    {
        var runner = new InProcessTrainerRunner { FailFirstStart = new HttpRequestException("connection refused (simulated)") };
        var (host, _, id) = await StartAsync(runner, "jobhttp");
        await using var _ = host;

        var meta = await WaitAsync(host, id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorType}: {meta.FailureDetails?.ErrorMessage}");
        Assert.Equal(2, runner.Attempts);
    }

    /// <summary>A runner whose "execution" is <see cref="TrainerJob.RunAsync"/> on a background task, over the same blobs.</summary>
    private sealed class InProcessTrainerRunner : ITrainingJobRunner
    {
        private readonly ConcurrentDictionary<string, Task> _jobs = new(StringComparer.Ordinal);
        private int _attempts;
        private int _starts;

        public InMemoryBlobStore Blobs { get; } = new();

        public string? Model { get; init; }

        public Exception? FailFirstStart { get; init; }

        public int Attempts => _attempts;

        public int Starts => _starts;

        public async Task<TrainingJobHandle> StartAsync(TrainingJobRequest request, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _attempts) == 1 && FailFirstStart is not null)
            {
                throw FailFirstStart;
            }

            Interlocked.Increment(ref _starts);
            var spec = await TrainerJob.ReadSpecAsync(Blobs, request.JobSpec, cancellationToken);
            if (Model is not null)
            {
                spec = spec with { Model = Model };
            }

            var id = $"job-{_starts}";
            _jobs[id] = Task.Run(async () =>
            {
                try
                {
                    await TrainerJob.RunAsync(Blobs, spec, "cpu", TimeProvider.System);
                }
                catch (Exception ex)
                {
                    // What the trainer program does on failure: a one-line heartbeat the poll reads, then exit 1.
                    await TrainerJob.ReportAsync(Blobs, spec.RunId, new TrainingProgress("failed", TimeProvider.System.GetUtcNow(), ex.Message.ReplaceLineEndings(" ")));
                    throw;
                }
            }, CancellationToken.None);
            return new TrainingJobHandle("InProcess", id, null, "cpu");
        }

        public Task<TrainingJobState> GetStateAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default) =>
            Task.FromResult(!_jobs.TryGetValue(handle.ExecutionId, out var job) ? TrainingJobState.Unknown
                : !job.IsCompleted ? TrainingJobState.Running
                : job.IsCompletedSuccessfully ? TrainingJobState.Succeeded : TrainingJobState.Failed);

        public Task StopAsync(TrainingJobHandle handle, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
