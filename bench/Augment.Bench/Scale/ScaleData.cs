using System.Globalization;
using Augment.Data;

namespace Augment.Bench.Scale;

/// <summary>
/// Synthetic tables made from Adult's columns: rows resampled with a seeded RNG, numbers jittered (±5 %, zeros kept,
/// integers rounded, clamped to the column's range), and for wide tables the 14 feature columns replicated with suffixes
/// (<c>age_2</c>, …; numbers jittered independently) until the table has the asked column count. Written row by row.
/// </summary>
internal static class ScaleData
{
    public static async Task WriteAsync(string source, string target, int rows, int columns, int seed)
    {
        DataTable adult;
        await using (var stream = File.OpenRead(source))
        {
            adult = await CsvTable.ReadAsync(stream);
        }

        var label = adult.IndexOf("income") is var i and >= 0 ? i : adult.Columns.Count - 1;
        var features = Enumerable.Range(0, adult.Columns.Count).Where(c => c != label).ToArray();
        var layout = new List<(int Source, string Name)>(Enumerable.Range(0, adult.Columns.Count).Select(c => (c, adult.Columns[c])));
        for (var copy = 2; layout.Count < columns; copy++)
        {
            foreach (var c in features.TakeWhile(_ => layout.Count < columns))
            {
                layout.Add((c, $"{adult.Columns[c]}_{copy}"));
            }
        }

        layout = layout.Take(columns).ToList();
        var numeric = Enumerable.Range(0, adult.Columns.Count).Select(c => NumericRange(adult, c)).ToArray();
        var random = new Random(seed);
        var row = new string?[layout.Count];
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var writer = await CsvRowWriter.CreateAsync(file, [.. layout.Select(l => l.Name)]);
        await using (writer)
        {
            for (var r = 0; r < rows; r++)
            {
                var from = random.Next(adult.RowCount);
                for (var c = 0; c < layout.Count; c++)
                {
                    var cell = adult[from, layout[c].Source];
                    row[c] = numeric[layout[c].Source] is { } range ? Jitter(cell, range, random) : cell;
                }

                await writer.WriteAsync(row);
            }
        }
    }

    private static string? Jitter(string? cell, (double Min, double Max, bool Integer) range, Random random)
    {
        if (cell is null || !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || x == 0)
        {
            return cell;
        }

        var y = Math.Clamp(x * (1 + ((random.NextDouble() - 0.5) * 0.1)), range.Min, range.Max);
        return range.Integer
            ? Math.Round(y).ToString(CultureInfo.InvariantCulture)
            : Math.Round(y, 4).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The range of a column whose every present cell is a number, and whether all are whole; null otherwise.</summary>
    private static (double Min, double Max, bool Integer)? NumericRange(DataTable table, int column)
    {
        double min = double.MaxValue, max = double.MinValue;
        var integer = true;
        foreach (var cell in table.Column(column))
        {
            if (cell is null)
            {
                continue;
            }

            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
            {
                return null;
            }

            min = Math.Min(min, x);
            max = Math.Max(max, x);
            integer &= x == Math.Floor(x);
        }

        return min <= max ? (min, max, integer) : null;
    }
}
