using Augment.App.Functions;
using Augment.App.Tests.Support;
using Augment.Dev.Functions;
using Augment.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.App.Tests.Functions;

/// <summary>The blob-trigger function, called directly with the local host's DurableTaskClient (in memory), and through the host's invoker.</summary>
public sealed class DatasetUploadedFunctionTests : IAsyncLifetime
{
    private readonly ListLogger<DatasetUploadedFunction> _log = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Run_DatasetCsv_StartsOneRunPerContent()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(60, 1));
        await _host.UploadAsync("adult/augment.json", Specs.Quick);

        await RunAsync("adult/data.csv");
        await RunAsync("adult/data.csv");

        var run = Assert.Single(await _host.Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "adult-", FetchInputsAndOutputs = true }));
        var request = run.ReadInputAs<AugmentRequest>()!;
        Assert.Equal(("adult", "datasets", "adult/data.csv", "adult/augment.json", "upload"), (request.Dataset, request.Container, request.BlobName, request.SpecBlobName, request.Trigger));
        Assert.Equal([$"Information: Started run {run.InstanceId} for datasets/adult/data.csv", $"Information: Run {run.InstanceId} already exists for this content of datasets/adult/data.csv; nothing started"], _log.Lines);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync(run.InstanceId)).RuntimeStatus);
    }

    [Fact]
    public async Task Run_CsvOrSpecChanged_StartsAnotherRun()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(60, 1));
        await RunAsync("adult/data.csv");
        await _host.UploadAsync("adult/augment.json", Specs.Quick);
        await RunAsync("adult/data.csv");
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(60, 2));
        await RunAsync("adult/data.csv");

        var runs = await _host.Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "adult-" });
        Assert.Equal(3, runs.Select(r => r.InstanceId).Distinct().Count());
    }

    [Fact]
    public async Task Run_Spec_LoggedAndNoRunOrRecord()
    {
        await _host.UploadAsync("adult/augment.json", Specs.Quick);

        await RunAsync("adult/augment.json");

        var line = Assert.Single(_log.Lines);
        Assert.StartsWith("Warning: datasets/adult/augment.json starts no run: it is a spec", line, StringComparison.Ordinal);
        Assert.Empty(await _host.Client.ListAsync());
    }

    [Theory]
    [InlineData("loose.csv", "not a dataset CSV")]
    [InlineData("adult/notes.txt", "not a dataset CSV")]
    [InlineData("a/../b.csv", "path traversal")]
    public async Task Run_NotADatasetCsv_WarnedAndRecordedAsAFailedRunWithTheReason(string blobName, string reason)
    {
        await _host.UploadAsync(blobName.Replace("../", "", StringComparison.Ordinal), "a,b\n1,2\n");

        await RunAsync(blobName);
        await RunAsync(blobName); // a redelivered trigger records nothing twice

        Assert.StartsWith($"Warning: datasets/{blobName} starts no run: ", _log.Lines[0], StringComparison.Ordinal);
        Assert.Contains(reason, _log.Lines[0], StringComparison.Ordinal);
        var record = Assert.Single(await _host.Client.ListAsync());
        Assert.StartsWith("rejected-", record.InstanceId, StringComparison.Ordinal);
        var failed = await _host.WaitForEndAsync(record.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var message = failed.FailureDetails!.ErrorMessage;
        Assert.StartsWith($"Upload failed: datasets/{blobName} starts no run: ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BlobDeletedSinceTheTrigger_LoggedAndIgnored()
    {
        await RunAsync("gone/data.csv");

        Assert.Equal(["Warning: datasets/gone/data.csv starts no run: it no longer exists"], _log.Lines);
        Assert.Empty(await _host.Client.ListAsync());
    }

    [Fact]
    public async Task Run_NoBlob_ArgumentNullException()
    {
        var function = new DatasetUploadedFunction(_host.Blobs, _log);

        await Assert.ThrowsAsync<ArgumentNullException>(() => function.Run(null!, "adult/data.csv", _host.Client, CancellationToken.None));
    }

    [Fact]
    public async Task Invoke_ThroughTheLocalHost_BindsNameAndDurableClient()
    {
        await _host.UploadAsync("my set/part 1.csv", SampleCsv.Make(60, 2));
        await _host.UploadAsync("my set/augment.json", Specs.Quick);
        var function = _host.Host.Functions.Single(f => f.Name == DatasetUploadedFunction.Name);
        var invoker = _host.Host.Services.GetRequiredService<FunctionInvoker>();

        var returned = await invoker.InvokeAsync(function, Blob("my set/part 1.csv"), new Dictionary<string, string?> { ["name"] = "my set/part 1.csv" }, CancellationToken.None);

        Assert.Null(returned);
        var run = Assert.Single(await _host.Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "my-set-", FetchInputsAndOutputs = true }));
        Assert.Equal("my set/part 1.csv", run.ReadInputAs<AugmentRequest>()!.BlobName);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync(run.InstanceId)).RuntimeStatus);
    }

    private Task RunAsync(string blobName) =>
        new DatasetUploadedFunction(_host.Blobs, _log).Run(Blob(blobName), blobName, _host.Client, CancellationToken.None);

    /// <summary>The blob reference the trigger hands over (never dereferenced: the function reads through IBlobStore).</summary>
    private static BlobClient Blob(string blobName) =>
        new(new Uri($"http://127.0.0.1:10000/devstoreaccount1/datasets/{Uri.EscapeDataString(blobName).Replace("%2F", "/", StringComparison.Ordinal)}"));
}
