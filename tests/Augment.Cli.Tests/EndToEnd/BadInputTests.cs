using System.Text;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Cli.Tests.EndToEnd;

/// <summary>
/// Bad uploads on a real Azurite host: each run ends Failed with a one-line reason, writes nothing under
/// augmented/, leaves the uploaded blob untouched, and the same host goes on serving the next upload.
/// </summary>
[Collection(AzuriteRuntimeCollection.Name)]
public class BadInputTests(AzuriteRuntimeFixture fixture)
{
    private const string GoodSpec = """{ "target": "income", "rows": 50, "seed": 1 }""";

    public static TheoryData<string, byte[], string?, string> Cases()
    {
        var adult = Encoding.UTF8.GetBytes(RepoFiles.AdultHead(60));
        var junk = new byte[4096];
        new Random(5).NextBytes(junk);
        var hugeCell = Encoding.UTF8.GetBytes("a,b\n1," + new string('x', 50 * 1024 * 1024) + "\n2,3\n");
        return new TheoryData<string, byte[], string?, string>
        {
            { "empty", [], null, "empty" },
            { "headeronly", "age,workclass,income\n"u8.ToArray(), null, "no data rows" },
            { "noheader", "39,7,1.5\n50,8,2.5\n38,9,3.5\n"u8.ToArray(), null, "header" },
            { "ragged", "a,b,c\n1,2,3\n4,5\n6,7,8\n"u8.ToArray(), null, "line 3" },
            { "binary", junk, null, "" },
            { "hugecell", hugeCell, null, "cell" },
            { "unknowncolumn", adult, """{ "target": "salary" }""", "salary" },
            { "notjson", adult, "target = income", "not a valid spec" },
            { "nothingkept", adult, """{ "target": "income", "rows": 40, "constraints": ["age > 200"] }""", "sampled rows were filtered out" },
            { "onlyids", Encoding.UTF8.GetBytes("order_id,token\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"{i},T{i:D3}\n"))), null, "only identifier columns" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Upload_BadInput_FailsWithOneLineReasonAndWritesNothing(string dataset, byte[] content, string? spec, string reasonContains)
    {
        var blobs = fixture.Runtime.Blobs;
        if (spec is not null)
        {
            await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(spec)));
        }

        var next = fixture.NextRunAsync(dataset + "-");
        var uploaded = await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv", new MemoryStream(content));
        var id = await next;

        var meta = await fixture.WaitForEndAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        var reason = Augment.App.Http.DurableStatusJson.FailureReason(meta)!;
        Assert.DoesNotContain('\n', reason);
        Assert.InRange(reason.Length, 10, 400);
        Assert.Contains(reasonContains, reason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await blobs.ListPageAsync(WorkArea.OutputContainer, $"{dataset}/")).Items);
        var after = await blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, $"{dataset}/data.csv");
        Assert.Equal(uploaded.ETag, after!.ETag);
        Assert.Equal(content.Length, after.ContentLength);
    }

    [Fact]
    public async Task Upload_AfterBadRuns_HostStillServesAGoodRun()
    {
        var blobs = fixture.Runtime.Blobs;
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "afterbad/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(GoodSpec)));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "junkbefore/data.csv", new MemoryStream([0, 1, 2, 0, 255]));
        var next = fixture.NextRunAsync("afterbad-");
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "afterbad/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(RepoFiles.AdultHead(100))));

        var id = await next;
        var meta = await fixture.WaitForEndAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        var result = meta.ReadOutputAs<AugmentResult>()!;
        Assert.InRange(result.SyntheticRows, 40, 50); // 50 sampled; the filter may drop a few
        var published = (await blobs.ListPageAsync(WorkArea.OutputContainer, $"afterbad/{id}/")).Items.Select(b => b.Name[(b.Name.LastIndexOf('/') + 1)..]);
        Assert.Equal(WorkArea.OutputFiles.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
    }
}
