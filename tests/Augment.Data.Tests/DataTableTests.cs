namespace Augment.Data.Tests;

public sealed class DataTableTests
{
    private static DataTable Sample() =>
        DataTable.FromColumns(["a", "b"], [["1", "2", "3"], ["x", null, "z"]]);

    [Fact]
    public void FromColumns_ValidInput_ExposesCellsColumnsAndIndex()
    {
        var table = Sample();

        Assert.Equal(3, table.RowCount);
        Assert.Equal(["a", "b"], table.Columns);
        Assert.Equal("2", table[1, 0]);
        Assert.Null(table[1, 1]);
        Assert.Equal(["x", null, "z"], table.Column(1));
        Assert.Equal(1, table.IndexOf("b"));
        Assert.Equal(-1, table.IndexOf("B"));
    }

    [Fact]
    public void FromColumns_CallerMutatesArray_TableUnchanged()
    {
        string?[] column = ["1", "2"];
        var table = DataTable.FromColumns(["a"], [column]);

        column[0] = "changed";

        Assert.Equal("1", table[0, 0]);
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "")]
    [InlineData("a", " ")]
    public void FromColumns_BadNames_Throws(string first, string second)
    {
        Assert.Throws<ArgumentException>(() => DataTable.FromColumns([first, second], [["1"], ["2"]]));
    }

    [Fact]
    public void FromColumns_DifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => DataTable.FromColumns(["a", "b"], [["1"], ["2", "3"]]));
    }

    [Fact]
    public void SelectRows_IndicesInAnyOrder_PicksThoseRows()
    {
        var table = Sample().SelectRows([2, 0, 2]);

        Assert.Equal(["3", "1", "3"], table.Column(0));
        Assert.Equal(["z", "x", "z"], table.Column(1));
    }

    [Fact]
    public void SelectRows_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample().SelectRows([3]));
    }

    [Fact]
    public void Concat_SameHeader_AppendsRows()
    {
        var table = DataTable.Concat(Sample(), Sample().SelectRows([1]));

        Assert.Equal(4, table.RowCount);
        Assert.Equal(["1", "2", "3", "2"], table.Column(0));
    }

    [Fact]
    public void Concat_DifferentHeader_Throws()
    {
        var other = DataTable.FromColumns(["b", "a"], [["1"], ["2"]]);

        Assert.Throws<ArgumentException>(() => DataTable.Concat(Sample(), other));
    }

    [Fact]
    public void Indexer_RowOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample()[3, 0]);
    }

    [Fact]
    public void SelectColumns_PicksAndReorders_RejectsBadIndex()
    {
        var table = Sample();

        var picked = table.SelectColumns([1, 0]);

        Assert.Equal(["b", "a"], picked.Columns);
        Assert.Equal(["x", null, "z"], picked.Column(0));
        Assert.Equal(3, picked.RowCount);
        Assert.Throws<ArgumentException>(() => table.SelectColumns([2]));
        Assert.Throws<ArgumentException>(() => table.SelectColumns([0, 0]));
    }

    [Fact]
    public void ConcatMany_Shards_SameRowsAsPairwiseConcatInOrder()
    {
        var shards = Enumerable.Range(0, 7).Select(i => Shard(i, rows: i % 3)).ToList();
        var pairwise = shards.Skip(1).Aggregate(shards[0], DataTable.Concat);

        var joined = DataTable.Concat(shards);

        Assert.Equal(pairwise.Columns, joined.Columns);
        Assert.Equal(pairwise.RowCount, joined.RowCount);
        for (var c = 0; c < joined.Columns.Count; c++)
        {
            Assert.Equal(pairwise.Column(c), joined.Column(c));
        }
    }

    [Fact]
    public void ConcatMany_DifferentHeaderOrNone_Throws()
    {
        var other = DataTable.FromColumns(["x", "y"], [["1"], ["2"]]);

        Assert.Throws<ArgumentException>(() => DataTable.Concat([Shard(0, 2), other]));
        Assert.Throws<ArgumentException>(() => DataTable.Concat(Array.Empty<DataTable>()));
    }

    [Fact]
    public void ConcatMany_ManyShards_AllocatesOnlyTheResult()
    {
        // 1,000 shards of 10 rows: one pass copies 10,000 references per column; appending shard by shard would copy
        // 10 + 20 + ... + 10,000 (about 5 million) per column. Counting bytes is exact, where a timing would be noisy.
        var shards = Enumerable.Range(0, 1000).Select(i => Shard(i, rows: 10)).ToList();
        DataTable.Concat(shards.Take(2).ToList()); // JIT and the first call's one-off allocations
        const long resultBytes = 2L * 10_000 * sizeof(long);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var joined = DataTable.Concat(shards);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000, joined.RowCount);
        Assert.InRange(allocated, resultBytes, resultBytes + 4096);
        Assert.Equal("s999 r9", joined[9_999, 1]);
    }

    [Fact]
    public void ConcatMany_TwiceTheShards_TwiceTheAllocation()
    {
        var shards = Enumerable.Range(0, 2000).Select(i => Shard(i, rows: 5)).ToList();
        DataTable.Concat(shards.Take(2).ToList());

        var before = GC.GetAllocatedBytesForCurrentThread();
        DataTable.Concat(shards.Take(1000).ToList());
        var half = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        DataTable.Concat(shards);
        var all = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange((double)all / half, 1.8, 2.2);
    }

    private static DataTable Shard(int index, int rows) => DataTable.FromColumns(
        ["n", "label"],
        [[.. Enumerable.Range(0, rows).Select(r => (index * 100 + r).ToString(System.Globalization.CultureInfo.InvariantCulture))],
         [.. Enumerable.Range(0, rows).Select(r => $"s{index} r{r}")]]);
}
