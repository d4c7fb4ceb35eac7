using System.Globalization;
using Augment.Data;

namespace Augment.Synthesis.Tests.Mixture;

/// <summary>Crafted tables whose structure is known exactly.</summary>
internal static class MixtureData
{
    /// <summary>
    /// Three groups g ∈ {a, b, c} (shares 0.5/0.3/0.2). x ~ N(10·index, 1) (one decimal); n = round(5 + 3·index + noise)
    /// an integer; z is "zero" for 80 % of rows of group a and missing for 10 % of all rows otherwise a number; label is
    /// "hi" when x &gt; 8, else "lo".
    /// </summary>
    public static DataTable Groups(int rows, int seed)
    {
        var random = new Random(seed);
        var g = new string?[rows];
        var x = new string?[rows];
        var n = new string?[rows];
        var z = new string?[rows];
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var u = random.NextDouble();
            var index = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
            g[r] = ((char)('a' + index)).ToString();
            var xv = (10 * index) + Normal(random);
            x[r] = xv.ToString("F1", CultureInfo.InvariantCulture);
            n[r] = Math.Round(5 + (3 * index) + Normal(random)).ToString(CultureInfo.InvariantCulture);
            z[r] = random.NextDouble() < 0.1 ? null : index == 0 && random.NextDouble() < 0.8 ? "0" : (100 + (50 * random.NextDouble())).ToString("F2", CultureInfo.InvariantCulture);
            label[r] = xv > 8 ? "hi" : "lo";
        }

        return DataTable.FromColumns(["g", "x", "n", "z", "label"], [g, x, n, z, label]);
    }

    public static double[] Numbers(DataTable table, string column, Func<int, bool>? where = null) =>
        [.. Enumerable.Range(0, table.RowCount)
            .Where(r => table[r, table.IndexOf(column)] is not null && (where?.Invoke(r) ?? true))
            .Select(r => double.Parse(table[r, table.IndexOf(column)]!, CultureInfo.InvariantCulture))];

    public static double Share(DataTable table, string column, string? value) =>
        table.Column(table.IndexOf(column)).Count(v => v == value) / (double)table.RowCount;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
