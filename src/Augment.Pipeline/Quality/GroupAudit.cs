using System.Globalization;
using Augment.Data;

namespace Augment.Pipeline.Quality;

/// <summary>
/// The v0 bias audit: for each sensitive attribute, each group's share of the real rows, the synthetic rows and the
/// augmented set (real + synthetic), and class counts before and after. A numeric attribute (e.g. age) is cut into
/// bands at the real data's quartiles so the groups mean the same thing on every side.
/// </summary>
public static class GroupAudit
{
    private static readonly double[] Quartiles = [0.25, 0.5, 0.75];

    /// <summary>Audits <paramref name="synthetic"/> against <paramref name="real"/> (same header).</summary>
    public static AuditSummary Audit(DataTable real, DataTable synthetic, DatasetSchema schema, IReadOnlyList<string> sensitive, string? target)
    {
        var attributes = new List<AttributeAudit>();
        foreach (var name in sensitive)
        {
            var c = real.IndexOf(name);
            var column = schema.Columns[c];
            Func<string?, string> group = column.IsNumeric
                ? Bands(real.Column(c), column)
                : cell => cell ?? "(missing)";
            var realCounts = Count(real.Column(c), group);
            var synthCounts = Count(synthetic.Column(c), group);
            var groups = realCounts.Keys.Union(synthCounts.Keys).Order(StringComparer.Ordinal).Select(g =>
            {
                var r = realCounts.GetValueOrDefault(g);
                var s = synthCounts.GetValueOrDefault(g);
                return new GroupShare(g, Share(r, real.RowCount), Share(s, synthetic.RowCount), Share(r + s, real.RowCount + synthetic.RowCount));
            }).ToList();
            attributes.Add(new AttributeAudit(name, groups, groups.Count == 0 ? 0 : groups.Max(g => Math.Abs(g.Augmented - g.Real))));
        }

        IReadOnlyList<KeyValuePair<string, int>>? before = null, after = null;
        if (target is not null)
        {
            var t = real.IndexOf(target);
            var realClasses = Count(real.Column(t), v => v ?? "(missing)");
            var synthClasses = Count(synthetic.Column(t), v => v ?? "(missing)");
            before = realClasses.OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
            after = realClasses.Keys.Union(synthClasses.Keys).Order(StringComparer.Ordinal)
                .Select(k => KeyValuePair.Create(k, realClasses.GetValueOrDefault(k) + synthClasses.GetValueOrDefault(k))).ToList();
        }

        return new AuditSummary(attributes, before, after);
    }

    private static Func<string?, string> Bands(IReadOnlyList<string?> realCells, ColumnProfile column)
    {
        var values = CellNumbers.Numbers(realCells, column);
        Array.Sort(values);
        if (values.Length == 0)
        {
            return cell => cell is null ? "(missing)" : "(value)";
        }

        var cuts = Quartiles.Select(q => values[(int)Math.Min(values.Length - 1, Math.Floor(q * values.Length))]).Distinct().ToArray();
        return cell =>
        {
            if (!CellNumbers.TryNumber(cell, column, out var v))
            {
                return "(missing)";
            }

            var band = 0;
            while (band < cuts.Length && v >= cuts[band])
            {
                band++;
            }

            var lo = band == 0 ? "-inf" : Format(cuts[band - 1]);
            var hi = band == cuts.Length ? "+inf" : Format(cuts[band]);
            return $"[{lo}, {hi})";
        };
    }

    private static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static Dictionary<string, int> Count(IReadOnlyList<string?> cells, Func<string?, string> group)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            var g = group(cell);
            counts[g] = counts.GetValueOrDefault(g) + 1;
        }

        return counts;
    }

    private static double Share(int count, int total) => total == 0 ? 0 : (double)count / total;
}
