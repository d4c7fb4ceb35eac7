using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Planning;

/// <summary>One parallel sampling activity: how many rows, of which class (null = unconditional).</summary>
public sealed record ShardPlan(int Index, int Rows, string? Class);

/// <summary>How many rows each class gets and how they are cut into shards. Pure and deterministic.</summary>
public static class ShardPlanner
{
    /// <summary>Minority classes below this share of the majority count as imbalanced for <see cref="RowsRequest.Auto"/>.</summary>
    public const double ImbalanceRatio = 0.8;

    /// <summary>Rows to add per class (key null when there is no target), in a stable order.</summary>
    /// <param name="rows">The request.</param>
    /// <param name="trainRows">Rows in the real training set.</param>
    /// <param name="classCounts">Training rows per class, or null without a target.</param>
    public static IReadOnlyList<(string? Class, int Rows)> Allocate(RowsRequest rows, int trainRows, IReadOnlyList<KeyValuePair<string, int>>? classCounts)
    {
        if (classCounts is null || classCounts.Count == 0)
        {
            var total = rows.IsAuto || rows.Balance ? Math.Max(1, trainRows / 2) : rows.Count;
            return [(null, total)];
        }

        var max = classCounts.Max(c => c.Value);
        var min = classCounts.Min(c => c.Value);
        var balance = rows.Balance || (rows.IsAuto && min < ImbalanceRatio * max);
        if (balance)
        {
            return classCounts.Where(c => c.Value < max).Select(c => ((string?)c.Key, max - c.Value)).ToList();
        }

        // Proportional to the real class shares (largest remainder, so the counts add up exactly).
        var wanted = rows.IsAuto ? Math.Max(1, trainRows / 2) : rows.Count;
        var sum = classCounts.Sum(c => (long)c.Value);
        var exact = classCounts.Select(c => (c.Key, Value: (double)wanted * c.Value / sum)).ToList();
        var floors = exact.Select(e => (int)Math.Floor(e.Value)).ToArray();
        var remainder = wanted - floors.Sum();
        foreach (var i in Enumerable.Range(0, exact.Count).OrderByDescending(i => exact[i].Value - floors[i]).ThenBy(i => i).Take(remainder))
        {
            floors[i]++;
        }

        return exact.Select((e, i) => ((string?)e.Key, floors[i])).Where(a => a.Item2 > 0).ToList();
    }

    /// <summary>Cuts each class's rows into shards of at most <paramref name="shardSize"/> rows.</summary>
    public static IReadOnlyList<ShardPlan> Plan(IReadOnlyList<(string? Class, int Rows)> allocation, int shardSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardSize, 1);
        var shards = new List<ShardPlan>();
        foreach (var (cls, rows) in allocation)
        {
            for (var done = 0; done < rows; done += shardSize)
            {
                shards.Add(new ShardPlan(shards.Count, Math.Min(shardSize, rows - done), cls));
            }
        }

        return shards;
    }
}
