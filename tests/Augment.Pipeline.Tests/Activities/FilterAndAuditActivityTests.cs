using Augment.Data;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Spec;
using Augment.Storage;

namespace Augment.Pipeline.Tests.Activities;

/// <summary>FilterAndAudit's shard join: every shard once, in index order, whatever order the orchestration lists them.</summary>
public sealed class FilterAndAuditActivityTests
{
    private const string RunId = "run-1";
    private static readonly string[] Columns = ["n", "label"];

    [Fact]
    public async Task ReadShardsAsync_ManyShardsOutOfOrder_JoinedOnceInIndexOrder()
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var shards = new List<SampleShardResult>();
        for (var i = 0; i < 300; i++)
        {
            var rows = DataTable.FromColumns(Columns, [[$"{i}-a", $"{i}-b"], ["yes", null]]);
            var name = WorkArea.Shard(RunId, i);
            await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, name, rows, default);
            shards.Add(new SampleShardResult(i, rows.RowCount, name));
        }

        shards.Reverse();
        var input = new FilterInput(RunId, shards, null!);

        var joined = await FilterAndAuditActivity.ReadShardsAsync(blobs, input, Columns, default);

        Assert.Equal(600, joined.RowCount);
        Assert.Equal(Enumerable.Range(0, 300).SelectMany(i => new[] { $"{i}-a", $"{i}-b" }), joined.Column(0));
    }

    [Fact]
    public async Task ReadShardsAsync_ShardWithOtherColumns_FailsNamingTheShard()
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Shard(RunId, 0), DataTable.FromColumns(["x"], [["1"]]), default);
        var input = new FilterInput(RunId, [new SampleShardResult(0, 1, WorkArea.Shard(RunId, 0))], null!);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FilterAndAuditActivity.ReadShardsAsync(blobs, input, Columns, default));

        Assert.Equal("shard 0 has columns that differ from the training data", error.Message);
    }

    [Fact]
    public async Task ReadShardsAsync_NoShards_EmptyTableWithTheColumns()
    {
        var joined = await FilterAndAuditActivity.ReadShardsAsync(new InMemoryBlobStore(), new FilterInput(RunId, [], null!), Columns, default);

        Assert.Equal(Columns, joined.Columns);
        Assert.Equal(0, joined.RowCount);
    }
}
