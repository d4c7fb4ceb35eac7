using System.Text;
using System.Text.Json;
using Augment.Data;
using Augment.Durable;
using Augment.Pipeline;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Trainer.Tests.Training;

/// <summary>
/// The real Augment.Trainer executable started by the local runner against Azurite, raising its event into a
/// running orchestration that waits for it.
/// </summary>
public sealed class LocalTrainerEndToEndTests : IAsyncLifetime
{
    private const string Orchestrator = "AwaitTraining";
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "i7-e2e-" + Guid.NewGuid().ToString("N"));
    private AzuriteEmulator? _azurite;
    private DurableTaskWorker? _worker;
    private DurableTaskClient? _client;
    private IBlobStore? _blobs;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        var (blobs, queues) = StorageClients.FromConnectionString(_azurite.ConnectionString);
        _blobs = blobs;
        var options = new DurableTaskOptions { TaskHub = "augment" };
        var service = new AzureStorageOrchestrationService(blobs, queues, options);
        var registry = new DurableTaskRegistry().AddOrchestrator<string>(Orchestrator, async context =>
        {
            var payload = await context.WaitForExternalEvent<JsonElement>(context.GetInput<string>()!);
            return payload.GetRawText();
        });
        _worker = new DurableTaskWorker(service, registry, options);
        await _worker.StartAsync();
        _client = new DurableTaskClient(service);
    }

    private LocalProcessRunner Runner() => new(new LocalProcessRunnerOptions
    {
        FileName = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "Augment.Trainer.dll")],
        LogDirectory = _logs,
        Environment = new Dictionary<string, string> { [AppSettings.Storage] = _azurite!.ConnectionString, [AppSettings.TaskHub] = "augment", [AppSettings.PartitionCount] = "4" },
    });

    private async Task<string> SeedAsync(string runId, string model)
    {
        var csv = new StringBuilder("age,income,label\n");
        for (var i = 0; i < 80; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{20 + (i % 40)},{1000 + (i * 37 % 500)},{(i % 3 == 0 ? "yes" : "no")}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var schema = SchemaInference.Infer(await CsvTable.ReadAsync(new MemoryStream(bytes)));
        await _blobs!.CreateContainerIfNotExistsAsync(WorkArea.WorkContainer);
        await _blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Train(runId), new MemoryStream(bytes));
        await _blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Schema(runId), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(schema, DataJsonContext.Default.DatasetSchema)));
        await _blobs.UploadAsync(WorkArea.WorkContainer, TrainingJobSpec.BlobName(runId), new MemoryStream(new TrainingJobSpec(runId, model, 3).ToJson()));
        return $"{WorkArea.WorkContainer}/{TrainingJobSpec.BlobName(runId)}";
    }

    private async Task<(TrainingJobState State, string EventPayload)> TrainAsync(string runId, string model, string awaitedEvent)
    {
        var spec = await SeedAsync(runId, model);
        await _client!.ScheduleNewOrchestrationInstanceAsync(Orchestrator, awaitedEvent, runId);
        using var runner = Runner();
        var handle = await runner.StartAsync(new TrainingJobRequest(runId, spec, new Dictionary<string, string>()));
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var done = await _client.WaitForInstanceCompletionAsync(runId, true, guard.Token);
        TrainingJobState state;
        while (!(state = await runner.GetStateAsync(handle)).IsTerminal())
        {
            await Task.Delay(50, guard.Token);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return (state, JsonSerializer.Deserialize<string>(done.SerializedOutput!)!);
    }

    [Fact]
    public async Task Trainer_Succeeds_RaisesTrainingCompletedWithItsMetrics()
    {
        var (state, payload) = await TrainAsync("e2e-ok", "gaussian-copula", TrainingEvents.Completed);

        Assert.Equal(TrainingJobState.Succeeded, state);
        using var metrics = JsonDocument.Parse(payload);
        Assert.Equal(80, metrics.RootElement.GetProperty("trainRows").GetInt32());
        Assert.NotNull(await _blobs!.OpenReadAsync(TrainingEvents.ModelsContainer, "e2e-ok/model.json"));
        Assert.Contains("trainer: trained", await File.ReadAllTextAsync(Path.Combine(_logs, "e2e-ok", "trainer.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trainer_Crashes_RaisesTrainingFailedWithItsReasonAndExitsNonZero()
    {
        var (state, payload) = await TrainAsync("e2e-bad", "no-such-model", TrainingEvents.Failed);

        Assert.Equal(TrainingJobState.Failed, state);
        Assert.Contains("no-such-model", JsonSerializer.Deserialize<string>(payload), StringComparison.Ordinal);
        Assert.Equal("failed", (await TrainerJob.ReadProgressAsync(_blobs!, "e2e-bad"))!.Stage);
    }

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
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
}
