namespace Augment.Data;

/// <summary>Seeded, stratified train/holdout splits.</summary>
public static class Splitter
{
    /// <summary>
    /// Splits rows into train and holdout. For each class of <paramref name="stratifyColumn"/> (a missing value is
    /// a class of its own) <c>round(fraction × n)</c> rows, rounded half away from zero, go to holdout, chosen by a
    /// seeded shuffle; a class keeps at least one row in train, so a class of one row stays in train. Both parts keep
    /// the original row order. The same table, column, fraction and seed give the same split.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="stratifyColumn">The class column, or <see langword="null"/> for one class (a plain random split).</param>
    /// <param name="holdoutFraction">The share of each class to hold out, in [0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <exception cref="ArgumentException">The column is not in the table.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside [0, 1).</exception>
    public static (DataTable Train, DataTable Holdout) StratifiedSplit(DataTable table, string? stratifyColumn, double holdoutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!(holdoutFraction >= 0 && holdoutFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutFraction), holdoutFraction, "The holdout fraction must be in [0, 1).");
        }

        var classes = GroupRows(table, stratifyColumn);
        var holdout = new bool[table.RowCount];
        var random = new SplitMix64(seed);
        foreach (var rows in classes)
        {
            var take = (int)Math.Round(holdoutFraction * rows.Count, MidpointRounding.AwayFromZero);
            take = Math.Min(take, rows.Count - 1);

            // Partial Fisher–Yates: the first `take` slots become a uniform random subset.
            for (var i = 0; i < take; i++)
            {
                var j = i + random.NextInt(rows.Count - i);
                (rows[i], rows[j]) = (rows[j], rows[i]);
                holdout[rows[i]] = true;
            }
        }

        var train = new List<int>(table.RowCount);
        var held = new List<int>();
        for (var r = 0; r < holdout.Length; r++)
        {
            (holdout[r] ? held : train).Add(r);
        }

        return (table.SelectRows(train), table.SelectRows(held));
    }

    /// <summary>Row indices per class, classes in order of first appearance (so the split does not depend on hashing).</summary>
    private static List<List<int>> GroupRows(DataTable table, string? stratifyColumn)
    {
        if (stratifyColumn is null)
        {
            return [[.. Enumerable.Range(0, table.RowCount)]];
        }

        var index = table.IndexOf(stratifyColumn);
        if (index < 0)
        {
            throw new ArgumentException($"Column '{stratifyColumn}' is not in the table.", nameof(stratifyColumn));
        }

        var column = table.RawColumn(index);
        var groups = new List<List<int>>();
        var byValue = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        List<int>? missing = null;
        for (var r = 0; r < column.Length; r++)
        {
            List<int>? group;
            if (column[r] is { } value)
            {
                if (!byValue.TryGetValue(value, out group))
                {
                    group = [];
                    byValue[value] = group;
                    groups.Add(group);
                }
            }
            else
            {
                if (missing is null)
                {
                    missing = [];
                    groups.Add(missing);
                }

                group = missing;
            }

            group.Add(r);
        }

        return groups;
    }
}
