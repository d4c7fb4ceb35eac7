using System.Globalization;
using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Bias audit per sensitive attribute: group shares (real, synthetic, augmented = real + synthetic), the positive
/// class's base rate per group, demographic parity difference (max − min rate) and disparate-impact ratio (min / max
/// rate) over groups with at least <see cref="MinGroupRows"/> rows, their change from real to augmented, and flags.
/// </summary>
public static class BiasAudit
{
    /// <summary>Groups with fewer rows are shown but left out of parity difference and impact ratio.</summary>
    public const int MinGroupRows = 20;

    private static readonly double[] Quartiles = [0.25, 0.5, 0.75];

    /// <summary>Audits the synthetic rows and the augmented table.</summary>
    /// <param name="real">The real (training) rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The real rows' schema.</param>
    /// <param name="target">The class column, or null for shares only.</param>
    /// <param name="sensitive">The sensitive attributes.</param>
    /// <param name="threshold">Amplification threshold on parity difference, impact ratio and group shares (default 0.05).</param>
    /// <param name="positiveClass">The class whose rate is compared (default: least frequent real class).</param>
    public static BiasReport Audit(DataTable real, DataTable synthetic, DatasetSchema schema, string? target, IReadOnlyList<string> sensitive, double threshold = 0.05, string? positiveClass = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(sensitive);
        var realLabels = target is null ? null : real.Column(TableCodec.Require(real, target));
        var synLabels = target is null ? null : synthetic.Column(TableCodec.Require(synthetic, target));
        var classes = new List<ClassCount>();
        if (realLabels is not null && synLabels is not null)
        {
            var realCounts = Count(realLabels);
            var synCounts = Count(synLabels);
            positiveClass ??= realCounts.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault();
            foreach (var key in realCounts.Keys.Union(synCounts.Keys).OrderByDescending(realCounts.GetValueOrDefault).ThenBy(k => k, StringComparer.Ordinal))
            {
                var r = realCounts.GetValueOrDefault(key);
                var s = synCounts.GetValueOrDefault(key);
                classes.Add(new ClassCount(key, r, s, r + s));
            }
        }

        var attributes = new List<AttributeBias>();
        foreach (var name in sensitive)
        {
            var profile = schema.Find(name) ?? throw new ArgumentException($"The sensitive column '{name}' is not in the schema.", nameof(sensitive));
            var (realGroups, synGroups) = Groups(real, synthetic, profile);
            attributes.Add(AuditAttribute(name, realGroups, synGroups, realLabels, synLabels, positiveClass, threshold));
        }

        return new BiasReport(target, positiveClass, threshold, attributes, classes, attributes.Any(a => a.Amplified));
    }

    private static AttributeBias AuditAttribute(string name, string[] realGroups, string[] synGroups, IReadOnlyList<string?>? realLabels, IReadOnlyList<string?>? synLabels, string? positive, double threshold)
    {
        var order = realGroups.Concat(synGroups).GroupBy(g => g, StringComparer.Ordinal)
            .OrderByDescending(g => realGroups.Count(r => r == g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();
        var total = realGroups.Length + synGroups.Length;
        var groups = order.Select(g =>
        {
            var r = Indices(realGroups, g);
            var s = Indices(synGroups, g);
            var rPos = Positives(r, realLabels, positive);
            var sPos = Positives(s, synLabels, positive);
            return new GroupBias(
                g,
                Share(r.Length, realGroups.Length),
                Share(s.Length, synGroups.Length),
                Share(r.Length + s.Length, total),
                Rate(rPos, r.Length, realLabels, positive),
                Rate(sPos, s.Length, synLabels, positive),
                Rate(rPos + sPos, r.Length + s.Length, realLabels, positive),
                r.Length,
                s.Length);
        }).ToArray();

        var (realDpd, realDir) = Parity(groups.Where(g => g.RealRows >= MinGroupRows).Select(g => g.RealBaseRate));
        var (augDpd, augDir) = Parity(groups.Where(g => g.RealRows + g.SyntheticRows >= MinGroupRows).Select(g => g.AugmentedBaseRate));
        var shift = groups.Length == 0 ? 0 : groups.Max(g => Math.Abs(g.AugmentedShare - g.RealShare));
        var flags = new List<string>();
        if (augDpd - realDpd > threshold)
        {
            flags.Add(Format($"demographic parity difference of {name} grew from {realDpd:0.000} to {augDpd:0.000} (more than {threshold:0.###})"));
        }

        if (realDir - augDir > threshold)
        {
            flags.Add(Format($"disparate-impact ratio of {name} fell from {realDir:0.000} to {augDir:0.000} (more than {threshold:0.###})"));
        }

        var amplified = flags.Count > 0;
        if (shift > threshold)
        {
            flags.Add(Format($"a group share of {name} moved by {shift:0.000} from real to augmented (more than {threshold:0.###})"));
        }

        return new AttributeBias(name, groups, realDpd, augDpd, realDir, augDir, shift, amplified, flags);
    }

    /// <summary>Group label of every row; numeric attributes cut at the real quartiles.</summary>
    private static (string[] Real, string[] Synthetic) Groups(DataTable real, DataTable synthetic, ColumnProfile profile)
    {
        var realCells = real.Column(TableCodec.Require(real, profile.Name));
        var synCells = synthetic.Column(TableCodec.Require(synthetic, profile.Name));
        if (!profile.IsNumeric)
        {
            return (realCells.Select(c => c ?? "(missing)").ToArray(), synCells.Select(c => c ?? "(missing)").ToArray());
        }

        var values = realCells.Select(c => CellNumbers.Parse(c, profile)).Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(values);
        var cuts = Quartiles.Select(q => Stats.Quantile(values, q)).Distinct().ToArray();
        string Label(string? cell)
        {
            var v = CellNumbers.Parse(cell, profile);
            if (double.IsNaN(v))
            {
                return "(missing)";
            }

            var i = cuts.Count(c => v > c);
            return i == 0 ? Format($"<= {cuts[0]:G6}") : i == cuts.Length ? Format($"> {cuts[^1]:G6}") : Format($"({cuts[i - 1]:G6}, {cuts[i]:G6}]");
        }

        return (realCells.Select(Label).ToArray(), synCells.Select(Label).ToArray());
    }

    private static (double Dpd, double Dir) Parity(IEnumerable<double> rates)
    {
        var finite = rates.Where(double.IsFinite).ToArray();
        if (finite.Length < 2)
        {
            return (0, 1);
        }

        var max = finite.Max();
        var min = finite.Min();
        return (max - min, max <= 0 ? 1 : min / max);
    }

    private static Dictionary<string, int> Count(IReadOnlyList<string?> labels)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            var key = l ?? "(missing)";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static int[] Indices(string[] groups, string group) =>
        Enumerable.Range(0, groups.Length).Where(i => groups[i] == group).ToArray();

    private static int Positives(int[] rows, IReadOnlyList<string?>? labels, string? positive) =>
        labels is null || positive is null ? 0 : rows.Count(i => labels[i] == positive);

    private static double Rate(int positives, int rows, IReadOnlyList<string?>? labels, string? positive) =>
        labels is null || positive is null || rows == 0 ? double.NaN : (double)positives / rows;

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
