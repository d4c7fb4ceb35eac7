using Augment.Data;

namespace Augment.Pipeline.Quality;

/// <summary>Reads raw cells of numeric and datetime columns as numbers, the way the schema typed them.</summary>
internal static class CellNumbers
{
    /// <summary>Parses a cell; false for missing or unparsable text. Datetimes become Unix seconds.</summary>
    public static bool TryNumber(string? cell, ColumnProfile column, out double value)
    {
        value = 0;
        if (cell is null)
        {
            return false;
        }

        return column.Kind == ColumnKind.Datetime
            ? column.DatetimeFormat is { } format && CellValues.TryParseDatetime(cell, format, out value)
            : CellValues.TryParseNumber(cell, out value, out _, out _);
    }

    /// <summary>The parsable values of a column (missing ones left out).</summary>
    public static double[] Numbers(IReadOnlyList<string?> cells, ColumnProfile column)
    {
        var values = new List<double>(cells.Count);
        foreach (var cell in cells)
        {
            if (TryNumber(cell, column, out var v))
            {
                values.Add(v);
            }
        }

        return [.. values];
    }
}
