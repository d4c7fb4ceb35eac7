namespace Augment.Data.Tests;

public sealed class SplitterTests
{
    private static DataTable Labelled(int a, int b, int c)
    {
        var labels = Enumerable.Repeat("A", a).Concat(Enumerable.Repeat("B", b)).Concat(Enumerable.Repeat("C", c)).ToArray();
        var ids = Enumerable.Range(0, labels.Length).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // Interleave the classes so that order preservation is observable.
        var order = Enumerable.Range(0, labels.Length).OrderBy(i => (i * 7919) % labels.Length).ToArray();
        return DataTable.FromColumns(["id", "label"], [ids, [.. order.Select(i => (string?)labels[i])]]);
    }

    private static int Count(DataTable table, string label) => table.Column(1).Count(v => v == label);

    [Fact]
    public void StratifiedSplit_PerClass_HoldsOutRoundedFraction()
    {
        var table = Labelled(100, 30, 5);

        var (train, holdout) = Splitter.StratifiedSplit(table, "label", 0.2, seed: 1);

        Assert.Equal(20, Count(holdout, "A"));
        Assert.Equal(6, Count(holdout, "B"));
        Assert.Equal(1, Count(holdout, "C"));
        Assert.Equal(table.RowCount, train.RowCount + holdout.RowCount);
    }

    [Fact]
    public void StratifiedSplit_KeepsRowOrderAndPartitionsRows()
    {
        var table = Labelled(50, 50, 0);

        var (train, holdout) = Splitter.StratifiedSplit(table, "label", 0.3, seed: 3);

        var trainIds = train.Column(0).Select(v => int.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var holdIds = holdout.Column(0).Select(v => int.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(trainIds.Order(), trainIds);
        Assert.Equal(holdIds.Order(), holdIds);
        Assert.Empty(trainIds.Intersect(holdIds));
        Assert.Equal(100, trainIds.Union(holdIds).Count());
    }

    [Fact]
    public void StratifiedSplit_SameSeed_SameSplit_OtherSeed_Differs()
    {
        var table = Labelled(200, 100, 0);

        var first = Splitter.StratifiedSplit(table, "label", 0.25, seed: 42).Holdout.Column(0);
        var second = Splitter.StratifiedSplit(table, "label", 0.25, seed: 42).Holdout.Column(0);
        var other = Splitter.StratifiedSplit(table, "label", 0.25, seed: 43).Holdout.Column(0);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void StratifiedSplit_SingletonClass_StaysInTrain()
    {
        var table = Labelled(20, 1, 0);

        var (train, holdout) = Splitter.StratifiedSplit(table, "label", 0.5, seed: 0);

        Assert.Equal(1, Count(train, "B"));
        Assert.Equal(0, Count(holdout, "B"));
    }

    [Fact]
    public void StratifiedSplit_MissingLabels_AreTheirOwnClass()
    {
        var table = DataTable.FromColumns(["id", "label"], [[.. Enumerable.Range(0, 20).Select(i => (string?)$"{i}")], [.. Enumerable.Range(0, 20).Select(i => i < 10 ? null : (string?)"A")]]);

        var (_, holdout) = Splitter.StratifiedSplit(table, "label", 0.2, seed: 5);

        Assert.Equal(2, holdout.Column(1).Count(v => v is null));
        Assert.Equal(2, Count(holdout, "A"));
    }

    [Fact]
    public void StratifiedSplit_NoColumn_PlainSplit()
    {
        var (train, holdout) = Splitter.StratifiedSplit(Labelled(10, 0, 0), null, 0.3, seed: 9);

        Assert.Equal(3, holdout.RowCount);
        Assert.Equal(7, train.RowCount);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void StratifiedSplit_BadFraction_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.StratifiedSplit(Labelled(5, 5, 0), "label", fraction, 0));
    }

    [Fact]
    public void StratifiedSplit_UnknownColumn_Throws()
    {
        Assert.Throws<ArgumentException>(() => Splitter.StratifiedSplit(Labelled(5, 5, 0), "nope", 0.2, 0));
    }
}
