using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Cli.Tests.EndToEnd;

[Collection(AzuriteRuntimeCollection.Name)]
public class PipelineOnAzuriteTests(AzuriteRuntimeFixture fixture)
{
    private IBlobStore Blobs => fixture.Runtime.Blobs;

    private async Task<BlobInfo> UploadAsync(string name, string text) =>
        await Blobs.UploadAsync(WorkArea.DatasetsContainer, name, new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private async Task<string> ReadAsync(string container, string name)
    {
        await using var download = await Blobs.OpenReadAsync(container, name) ?? throw new FileNotFoundException(name);
        using var reader = new StreamReader(download.Content);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Upload_AdultSubset_RunCompletesAndPublishesAugmentedData()
    {
        var csv = RepoFiles.AdultHead(3000);
        await UploadAsync("adultsubset/augment.json", await File.ReadAllTextAsync(RepoFiles.AdultSpec));
        var next = fixture.NextRunAsync("adultsubset-");
        await UploadAsync("adultsubset/adult.csv", csv);

        var id = await next;
        var meta = await fixture.WaitForEndAsync(id, TimeSpan.FromMinutes(3));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        var result = meta.ReadOutputAs<AugmentResult>()!;
        Assert.Equal(3000, result.RealRows);
        Assert.True(result.SyntheticRows > 1000, $"only {result.SyntheticRows} synthetic rows");

        var augmented = (await ReadAsync(WorkArea.OutputContainer, $"adultsubset/{id}/augmented.csv")).TrimEnd('\n').Split('\n');
        var synthetic = (await ReadAsync(WorkArea.OutputContainer, $"adultsubset/{id}/synthetic.csv")).TrimEnd('\n').Split('\n');
        var header = csv[..csv.IndexOf('\n')];
        Assert.Equal(header, augmented[0]);
        Assert.Equal(header, synthetic[0]);
        Assert.Equal(result.TrainRows + result.SyntheticRows, augmented.Length - 1);
        Assert.Equal(result.SyntheticRows, synthetic.Length - 1);
        Assert.Equal(synthetic[1..], augmented[^result.SyntheticRows..]);

        var income = augmented.Skip(1).Select(l => l[(l.LastIndexOf(',') + 1)..]).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

        using var report = JsonDocument.Parse(await ReadAsync(WorkArea.OutputContainer, $"adultsubset/{id}/report.json"));
        var root = report.RootElement;
        Assert.Equal(id, root.GetProperty("runId").GetString());
        Assert.Equal(result.SyntheticRows, root.GetProperty("rows").GetProperty("synthetic").GetInt32());
        // Balanced up to the rows the filter dropped: every sampled row is of the minority class here.
        var dropped = root.GetProperty("rows").GetProperty("sampled").GetInt32() - result.SyntheticRows;
        Assert.Equal(income["<=50K"] - dropped, income[">50K"]);
        Assert.InRange(root.GetProperty("quality").GetProperty("columnShapes").GetDouble(), 0.7, 1.0);
        Assert.Equal(["sex", "race"], root.GetProperty("audit").GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("attribute").GetString()));
        Assert.Equal(["Profile", "Train", "Sample", "FilterAndAudit", "Evaluate"], root.GetProperty("stages").EnumerateArray().Select(a => a.GetProperty("stage").GetString()));
    }

    /// <summary>Whether the host's receipt for this blob version (azure-webjobs-hosts/blobreceipts/…) is complete.</summary>
    private async Task<bool> ReceiptCompletedAsync(string blobName, string etag)
    {
        var page = await Blobs.ListPageAsync("azure-webjobs-hosts", "blobreceipts/");
        var receipt = page.Items.FirstOrDefault(b => b.Name.EndsWith("/" + WorkArea.DatasetsContainer + "/" + blobName, StringComparison.Ordinal)
            && b.Name.Contains(etag.Trim('"'), StringComparison.Ordinal));
        return receipt is not null && !receipt.Metadata.ContainsKey("Incomplete");
    }

    [Fact]
    public async Task Reupload_IdenticalBytes_StartsNoNewRun()
    {
        var csv = RepoFiles.AdultHead(200);
        var next = fixture.NextRunAsync("sameagain-");
        var first = await UploadAsync("sameagain/data.csv", csv);
        var id = await next;
        await fixture.WaitForEndAsync(id, TimeSpan.FromMinutes(2));

        var second = await UploadAsync("sameagain/data.csv", csv);
        Assert.NotEqual(first.ETag, second.ETag);

        // The trigger handled the new version (its receipt is complete) and found the run for this content.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await ReceiptCompletedAsync("sameagain/data.csv", second.ETag.Value))
        {
            Assert.True(DateTime.UtcNow < deadline, "the blob trigger did not handle the second upload within 60 s");
            await Task.Delay(100);
        }

        var runs = new List<string>();
        await foreach (var run in fixture.Client.GetAllInstancesAsync(new Microsoft.DurableTask.Client.OrchestrationQuery { InstanceIdPrefix = "sameagain-" }))
        {
            runs.Add(run.InstanceId);
        }

        Assert.Equal([id], runs);
    }
}
