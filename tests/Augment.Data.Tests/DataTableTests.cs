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
}
