using Augment.Pipeline.Planning;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Tests.Planning;

public class ShardPlannerTests
{
    private static readonly KeyValuePair<string, int>[] Imbalanced = [new("<=50K", 29_724), new(">50K", 9_350)];

    [Fact]
    public void Allocate_Balance_LiftsMinorityToMajority()
    {
        var allocation = ShardPlanner.Allocate(RowsRequest.BalanceClasses, 39_074, Imbalanced);

        var single = Assert.Single(allocation);
        Assert.Equal(">50K", single.Class);
        Assert.Equal(29_724 - 9_350, single.Rows);
    }

    [Fact]
    public void Allocate_AutoOnImbalancedClasses_Balances()
    {
        Assert.Equal(
            ShardPlanner.Allocate(RowsRequest.BalanceClasses, 39_074, Imbalanced),
            ShardPlanner.Allocate(RowsRequest.Auto, 39_074, Imbalanced));
    }

    [Fact]
    public void Allocate_AutoOnBalancedClasses_AddsHalfTheRowsInProportion()
    {
        KeyValuePair<string, int>[] balanced = [new("a", 50), new("b", 50), new("c", 45)];

        var allocation = ShardPlanner.Allocate(RowsRequest.Auto, 145, balanced);

        Assert.Equal(72, allocation.Sum(a => a.Rows));
        Assert.All(allocation, a => Assert.InRange(a.Rows, 22, 25));
    }

    [Fact]
    public void Allocate_ExactCount_SumsExactlyAndFollowsClassShares()
    {
        var allocation = ShardPlanner.Allocate(RowsRequest.Exactly(1001), 39_074, Imbalanced);

        Assert.Equal(1001, allocation.Sum(a => a.Rows));
        Assert.Equal(761, allocation.Single(a => a.Class == "<=50K").Rows);
    }

    [Fact]
    public void Allocate_NoTarget_IsUnconditional()
    {
        var allocation = ShardPlanner.Allocate(RowsRequest.Exactly(300), 1000, null);

        Assert.Equal([(null, 300)], allocation);
    }

    [Fact]
    public void Plan_CutsEachClassIntoShardsOfAtMostShardSize()
    {
        var shards = ShardPlanner.Plan([("a", 4500), ("b", 100)], 2000);

        Assert.Equal([2000, 2000, 500, 100], shards.Select(s => s.Rows));
        Assert.Equal([0, 1, 2, 3], shards.Select(s => s.Index));
        Assert.Equal(["a", "a", "a", "b"], shards.Select(s => s.Class));
    }

    [Fact]
    public void Plan_NothingToAdd_NoShards()
    {
        Assert.Empty(ShardPlanner.Plan(ShardPlanner.Allocate(RowsRequest.BalanceClasses, 10, [new("a", 5), new("b", 5)]), 100));
    }
}
