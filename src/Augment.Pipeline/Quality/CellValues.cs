using System.Globalization;
using Augment.Data;

namespace Augment.Pipeline.Quality;

/// <summary>Reads raw cells as numbers the way the schema typed them.</summary>
internal static class CellValues
{
    /// <summary>Parses a cell of a numeric or datetime column; false for missing or unparsable text.</summary>
    public static bool TryNumber(string? cell, ColumnKind kind, out double value)
    {
        value = 0;
        if (cell is null)
        {
            return false;
        }

        if (kind == ColumnKind.Datetime)
        {
            if (DateTime.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                value = time.Ticks / (double)TimeSpan.TicksPerSecond;
                return true;
            }

            return false;
        }

        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>The parsable values of a column (missing ones left out).</summary>
    public static double[] Numbers(IReadOnlyList<string?> cells, ColumnKind kind)
    {
        var values = new List<double>(cells.Count);
        foreach (var cell in cells)
        {
            if (TryNumber(cell, kind, out var v))
            {
                values.Add(v);
            }
        }

        return [.. values];
    }
}
