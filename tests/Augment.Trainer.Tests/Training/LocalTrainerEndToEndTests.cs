using System.Text;
using System.Text.Json;
using Augment.Data;
using Augment.Pipeline;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Images;
using Augment.Pipeline.Training;
using Augment.Storage;
using Augment.Testing;

namespace Augment.Trainer.Tests.Training;

/// <summary>
/// The real Augment.Trainer executable started by the local runner against Azurite: it writes its result
/// (<c>models/{runId}/metrics.json</c>, heartbeat <c>done</c>) or its one-line failure (heartbeat <c>failed</c>), and
/// the orchestration's job poll (<see cref="PipelineActivities.GetTrainingJobStatusAsync"/>) reads either.
/// (The old version awaited the trainer's TrainingCompleted/TrainingFailed events; the trainer raises none now.)
/// </summary>
public sealed class LocalTrainerEndToEndTests : IAsyncLifetime
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "i7-e2e-" + Guid.NewGuid().ToString("N"));
    private AzuriteEmulator? _azurite;
    private IBlobStore? _blobs;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        _blobs = StorageClients.FromConnectionString(_azurite.ConnectionString).Blobs;
        await PipelineRegistration.EnsureContainersAsync(_blobs);
    }

    private LocalProcessRunner Runner(string? statusUrl = null)
    {
        var environment = new Dictionary<string, string> { [AppSettings.Storage] = _azurite!.ConnectionString, [RunWatch.IntervalVariable] = "1" };
        if (statusUrl is not null)
        {
            environment[RunWatch.StatusUrlVariable] = statusUrl;
        }

        return new(new LocalProcessRunnerOptions
        {
            FileName = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "Augment.Trainer.dll")],
            LogDirectory = _logs,
            Environment = environment,
        });
    }

    private async Task SeedAsync(string runId)
    {
        var csv = new StringBuilder("age,income,label\n");
        for (var i = 0; i < 80; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{20 + (i % 40)},{1000 + (i * 37 % 500)},{(i % 3 == 0 ? "yes" : "no")}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var schema = SchemaInference.Infer(await CsvTable.ReadAsync(new MemoryStream(bytes)));
        await _blobs!.UploadAsync(WorkArea.WorkContainer, WorkArea.Train(runId), new MemoryStream(bytes));
        await _blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Schema(runId), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(schema, DataJsonContext.Default.DatasetSchema)));
    }

    /// <summary>Starts the trainer through the StartTrainingJob activity, waits for the process to end, then polls as the orchestration does.</summary>
    private async Task<(TrainingJobReport Report, int? ExitCode)> TrainAsync(string runId, string model, string? statusUrl = null, int? epochs = null)
    {
        await SeedAsync(runId);
        using var runner = Runner(statusUrl);
        var activities = new PipelineActivities(_blobs!, runner);
        var handle = await activities.StartTrainingJobAsync(new TrainInput(runId, model, 3, "label", epochs));
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!(await runner.GetStateAsync(handle, guard.Token)).IsTerminal())
        {
            await Task.Delay(50, guard.Token);
        }

        return (await activities.GetTrainingJobStatusAsync(new TrainingJobPoll(runId, handle), guard.Token), runner.ExitCode(handle));
    }

    [Fact]
    public async Task Trainer_Succeeds_WritesItsResultWhichTheJobPollReturns()
    {
        var (report, exit) = await TrainAsync("e2e-ok", "gaussian-copula");

        Assert.Equal(0, exit);
        Assert.Equal((TrainingJobState.Succeeded, "done"), (report.State, report.TrainerStage));
        Assert.Null(report.Reason);
        var result = Assert.IsType<TrainingMetrics>(report.Result);
        Assert.Equal(80, result.TrainRows);
        Assert.Equal("gaussian-copula", result.ModelKind);
        Assert.Equal($"{WorkArea.WorkContainer}/{WorkArea.Model("e2e-ok")}", result.ModelBlob);
        Assert.NotNull(await _blobs!.OpenReadAsync(TrainingEvents.ModelsContainer, "e2e-ok/model.json"));
        Assert.NotNull(report.Progress);
        Assert.True(report.Progress!.Done);
        var log = await File.ReadAllTextAsync(Path.Combine(_logs, "e2e-ok", "trainer.log"));
        Assert.Contains("trainer: trained gaussian-copula on 80 rows", log, StringComparison.Ordinal);
        Assert.Contains("result in models/e2e-ok/metrics.json", log, StringComparison.Ordinal);
        Assert.True(log.Contains($", gemm kernel {Augment.Tensors.Gemm.Blas.Kernel}", StringComparison.Ordinal), log);
    }

    [Fact]
    public async Task Trainer_UnknownModel_WritesAFailedHeartbeatWithAOneLineReasonAndExitsOne()
    {
        var (report, exit) = await TrainAsync("e2e-bad", "no-such-model");

        Assert.Equal(1, exit);
        Assert.Equal((TrainingJobState.Failed, "failed"), (report.State, report.TrainerStage));
        Assert.Null(report.Result);
        Assert.Contains("no-such-model", report.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', report.Reason!);
        Assert.DoesNotContain("Exception", report.Reason!, StringComparison.Ordinal); // the message, not the .NET type
        Assert.Null(await _blobs!.OpenReadAsync(TrainingEvents.ModelsContainer, "e2e-bad/metrics.json"));
        Assert.Contains($"trainer: {report.Reason}", await File.ReadAllTextAsync(Path.Combine(_logs, "e2e-bad", "trainer.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trainer_StatusUrlSaysRunning_TrainsToTheEnd()
    {
        // 3,000 TVAE epochs on 80 rows last several seconds: the trainer reads its run's status every second meanwhile.
        await using var status = new FakeHttpServer(_ => new FakeReply(200, """{ "runtimeStatus": "Running" }"""));

        var (report, exit) = await TrainAsync("e2e-watched", "tvae", $"{status.BaseUri}runtime/webhooks/durabletask/instances/{{runId}}", epochs: 3000);

        Assert.Equal(0, exit);
        Assert.NotNull(report.Result);
        Assert.Contains(status.Requests, r => r.PathAndQuery == "/runtime/webhooks/durabletask/instances/e2e-watched");
    }

    [Fact]
    public async Task Trainer_StatusUrlAnswersJsonOfAnotherShape_StillReportsItsResult()
    {
        await using var status = new FakeHttpServer(_ => new FakeReply(200, "[]"));

        var (report, exit) = await TrainAsync("e2e-oddwatch", "tvae", $"{status.BaseUri}runtime/webhooks/durabletask/instances/{{runId}}", epochs: 3000);

        Assert.True(exit == 0, $"exit {exit}: {report.Reason}");
        Assert.Equal("done", report.TrainerStage);
        Assert.NotNull(report.Result);
    }

    [Fact]
    public async Task Trainer_ImageJob_FitsTheGeneratorWhereSampleImagesReadsIt_WithStepProgress()
    {
        const string runId = "e2e-images";
        await _blobs!.UploadAsync(WorkArea.WorkContainer, $"{runId}/images/train.zip", new MemoryStream(TwoClassImages.Archive(10)));
        var spec = new ImageSpec(Size: 8, GeneratorSteps: 100, Seed: 3);
        using var runner = Runner();
        var activities = new PipelineActivities(_blobs, runner);

        var handle = await activities.StartTrainingJobAsync(new TrainInput(runId, spec.Generator, spec.Seed, null) { Images = spec });
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await WaitForExitAsync(handle, guard.Token);
        var report = await activities.GetTrainingJobStatusAsync(new TrainingJobPoll(runId, handle), guard.Token);

        Assert.Equal(0, runner.ExitCode(handle));
        Assert.Equal((TrainingJobState.Succeeded, "done"), (report.State, report.TrainerStage));
        var result = Assert.IsType<TrainingMetrics>(report.Result);
        Assert.Equal(("gan", $"{WorkArea.WorkContainer}/{runId}/images/generator.safetensors", 20), (result.ModelKind, result.ModelBlob, result.TrainRows));
        Assert.True(result.FinalLoss is { } loss && double.IsFinite(loss), $"final loss {result.FinalLoss}");
        Assert.Equal([100], result.LossCurve?.Select(p => p.Step) ?? []);
        // The generator's steps in the table trainers' progress.json, which the poll hands the custom status.
        Assert.Equal(("gan", "step", 100, 100, true), (report.Progress?.Model, report.Progress?.Unit, report.Progress?.Step, report.Progress?.TotalSteps, report.Progress?.Done));
        Assert.NotNull(await _blobs.GetPropertiesAsync(WorkArea.WorkContainer, $"{runId}/images/generator.onnx"));
        Assert.NotNull(await _blobs.GetPropertiesAsync(TrainingEvents.ModelsContainer, $"{runId}/generator.safetensors"));
        Assert.Contains("trainer: trained gan on 20 images", await File.ReadAllTextAsync(Path.Combine(_logs, runId, "trainer.log")), StringComparison.Ordinal);

        // SampleImages draws from the job's model and ONNX graph as from TrainImages'.
        var shard = await new ImageActivities(_blobs).SampleAsync(new ImageSampleRequest(new ImageSampleInput(runId, 0, [3, 2], 9), spec, TwoClassImages.Classes));
        Assert.Equal(5, shard.Images);
        Assert.Equal(SamplerInfo.OnnxRuntime, shard.Sampler?.Engine);
    }

    /// <summary>Waits for the local runner's child process to exit (it is this process's child).</summary>
    private static async Task WaitForExitAsync(TrainingJobHandle handle, CancellationToken cancellationToken)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(int.Parse(handle.ExecutionId, System.Globalization.CultureInfo.InvariantCulture));
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
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
}
