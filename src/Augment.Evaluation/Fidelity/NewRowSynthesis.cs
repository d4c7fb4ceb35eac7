using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// SDMetrics' NewRowSynthesis (v0.29): the share of synthetic rows that match no real row, where a row matches when
/// every categorical cell is equal (missing equals missing) and every numeric or datetime cell is within a relative
/// tolerance, |real − synthetic| ≤ tolerance·|synthetic| (missing equals missing). Checked against SDMetrics itself.
/// </summary>
public static class NewRowSynthesis
{
    /// <summary>SDMetrics' default relative tolerance of numeric cells (0.01).</summary>
    public const double DefaultTolerance = 0.01;

    /// <summary>Share of synthetic rows that are new.</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows (same column names).</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="tolerance">Relative tolerance of numeric cells.</param>
    /// <returns>In [0, 1], higher = fewer copies; NaN without synthetic rows.</returns>
    public static double Score(DataTable real, DataTable synthetic, DatasetSchema schema, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        if (synthetic.RowCount == 0)
        {
            return double.NaN;
        }

        var codec = TableCodec.Fit(real, schema);
        var (r, s) = (codec.Encode(real), codec.Encode(synthetic));
        var realCells = codec.CategoricalColumns.Select(c => real.Column(TableCodec.Require(real, c.Name))).ToArray();
        var synCells = codec.CategoricalColumns.Select(c => synthetic.Column(TableCodec.Require(synthetic, c.Name))).ToArray();
        var numeric = r.Numeric.Length;

        // Real rows grouped by their categorical cells, each group sorted by its first numeric column (NaN last).
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < real.RowCount; i++)
        {
            var key = Key(realCells, i);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(i);
        }

        var sorted = groups.ToDictionary(g => g.Key, g => numeric == 0
            ? [.. g.Value]
            : g.Value.OrderBy(i => double.IsNaN(r.Numeric[0][i]) ? double.PositiveInfinity : r.Numeric[0][i]).ToArray(), StringComparer.Ordinal);
        var fresh = 0;
        for (var i = 0; i < synthetic.RowCount; i++)
        {
            if (!sorted.TryGetValue(Key(synCells, i), out var rows) || !AnyMatch(rows, r.Numeric, s.Numeric, i, tolerance))
            {
                fresh++;
            }
        }

        return (double)fresh / synthetic.RowCount;
    }

    private static bool AnyMatch(int[] rows, double[][] real, double[][] synthetic, int row, double tolerance)
    {
        if (real.Length == 0)
        {
            return rows.Length > 0;
        }

        var first = synthetic[0][row];
        IEnumerable<int> candidates;
        if (double.IsNaN(first))
        {
            candidates = rows.Where(i => double.IsNaN(real[0][i]));
        }
        else
        {
            var radius = Math.Abs(tolerance * first);
            var start = LowerBound(rows, real[0], first - radius);
            candidates = rows.Skip(start).TakeWhile(i => !double.IsNaN(real[0][i]) && real[0][i] <= first + radius);
        }

        foreach (var candidate in candidates)
        {
            var all = true;
            for (var d = 0; d < real.Length && all; d++)
            {
                var (a, b) = (real[d][candidate], synthetic[d][row]);
                all = double.IsNaN(b) ? double.IsNaN(a) : !double.IsNaN(a) && Math.Abs(a - b) <= Math.Abs(tolerance * b);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>First position whose value is ≥ <paramref name="bound"/> (NaN sorts last).</summary>
    private static int LowerBound(int[] rows, double[] values, double bound)
    {
        int lo = 0, hi = rows.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = values[rows[mid]];
            if (!double.IsNaN(v) && v < bound)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static string Key(IReadOnlyList<string?>[] cells, int row) =>
        string.Join('\u001f', cells.Select(c => c[row] is { } v ? "=" + v : "\u0000"));
}
