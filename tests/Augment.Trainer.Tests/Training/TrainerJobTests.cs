using System.Text;
using System.Text.Json;
using Augment.Data;
using Augment.Pipeline;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Trainer.Tests.Training;

/// <summary>The trainer's work on in-memory storage, and the program's configuration errors.</summary>
public sealed class TrainerJobTests
{
    private static async Task<IBlobStore> SeedAsync(string runId)
    {
        var (blobs, _) = StorageClients.InMemory();
        var csv = new StringBuilder("age,income,label\n");
        for (var i = 0; i < 60; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{20 + (i % 40)},{1000 + (i * 37 % 500)},{(i % 3 == 0 ? "yes" : "no")}\n");
        }

        var table = await CsvTable.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
        var schema = SchemaInference.Infer(table);
        await blobs.CreateContainerIfNotExistsAsync(WorkArea.WorkContainer);
        await blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Train(runId), new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));
        await blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Schema(runId), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(schema, DataJsonContext.Default.DatasetSchema)));
        await blobs.UploadAsync(WorkArea.WorkContainer, TrainingJobSpec.BlobName(runId), new MemoryStream(new TrainingJobSpec(runId, "gaussian-copula", 7).ToJson()));
        return blobs;
    }

    [Fact]
    public async Task Run_GaussianCopula_WritesModelMetricsAndADoneHeartbeat()
    {
        var blobs = await SeedAsync("run-a");
        var spec = await TrainerJob.ReadSpecAsync(blobs, $"{WorkArea.WorkContainer}/{TrainingJobSpec.BlobName("run-a")}");

        var metrics = await TrainerJob.RunAsync(blobs, spec, "cpu", TimeProvider.System);

        Assert.Equal(60, metrics.TrainRows);
        Assert.NotNull(await blobs.OpenReadAsync(TrainingEvents.ModelsContainer, "run-a/model.json"));
        Assert.NotNull(await blobs.OpenReadAsync(WorkArea.WorkContainer, WorkArea.Model("run-a")));
        Assert.NotNull(await blobs.OpenReadAsync(TrainingEvents.ModelsContainer, "run-a/metrics.json"));
        Assert.Equal("done", (await TrainerJob.ReadProgressAsync(blobs, "run-a"))!.Stage);
    }

    [Fact]
    public async Task Run_SameSpecTwice_WritesTheSameModel()
    {
        var first = await SeedAsync("run-b");
        var second = await SeedAsync("run-b");
        var spec = new TrainingJobSpec("run-b", "gaussian-copula", 7);

        await TrainerJob.RunAsync(first, spec, "cpu", TimeProvider.System);
        await TrainerJob.RunAsync(second, spec, "cpu", TimeProvider.System);

        Assert.Equal(await ReadAsync(first, "run-b/model.json"), await ReadAsync(second, "run-b/model.json"));
    }

    [Fact]
    public async Task Run_UnknownModel_FailsWithAOneLineReason()
    {
        var blobs = await SeedAsync("run-c");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TrainerJob.RunAsync(blobs, new TrainingJobSpec("run-c", "ctgan-9000", 1), "cpu", TimeProvider.System));

        Assert.Contains("ctgan-9000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latent-mixture", "latent-mixture")]
    [InlineData("tvae", "tvae")]
    [InlineData("auto", null)]
    public async Task Run_AnyCatalogModel_TrainsItAndWritesLiveProgress(string model, string? kindPrefix)
    {
        var blobs = await SeedAsync("run-m");

        var metrics = await TrainerJob.RunAsync(blobs, new TrainingJobSpec("run-m", model, 1, Epochs: 2, TimeBudgetSeconds: 30), "cpu", TimeProvider.System);

        if (kindPrefix is not null)
        {
            Assert.StartsWith(kindPrefix, metrics.ModelKind, StringComparison.Ordinal);
        }

        Assert.NotNull(await blobs.OpenReadAsync(WorkArea.WorkContainer, WorkArea.Model("run-m")));
        await using var progress = (await blobs.OpenReadAsync(WorkArea.WorkContainer, WorkArea.Progress("run-m")))!;
        using var reader = new StreamReader(progress.Content);
        Assert.Contains("\"done\":true", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nocontainer")]
    [InlineData("work/missing.json")]
    public async Task ReadSpec_BadReference_ThrowsInvalidData(string reference)
    {
        var blobs = await SeedAsync("run-d");

        await Assert.ThrowsAsync<InvalidDataException>(() => TrainerJob.ReadSpecAsync(blobs, reference));
    }

    [Fact]
    public async Task Program_NoStorageSetting_ExitsTwoWithOneLine()
    {
        var error = new StringWriter();

        var code = await TrainerProgram.RunAsync(["work/x.json"], new Dictionary<string, string>(), TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Equal("trainer: neither AzureWebJobsStorage nor AzureWebJobsStorage__accountName is set", error.ToString().Trim());
    }

    [Fact]
    public async Task Program_NoJobSpec_ExitsTwo()
    {
        var error = new StringWriter();

        var code = await TrainerProgram.RunAsync([], new Dictionary<string, string> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }, TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("AUGMENT_JOB_SPEC", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> ReadAsync(IBlobStore blobs, string name)
    {
        await using var download = (await blobs.OpenReadAsync(TrainingEvents.ModelsContainer, name))!;
        using var reader = new StreamReader(download.Content);
        return await reader.ReadToEndAsync();
    }
}
