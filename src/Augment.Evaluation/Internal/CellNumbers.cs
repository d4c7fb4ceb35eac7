using Augment.Data;

namespace Augment.Evaluation.Internal;

/// <summary>Reads cells of numeric and datetime columns as numbers, the way the schema typed them.</summary>
internal static class CellNumbers
{
    /// <summary>Parses a cell; NaN for a missing or unparsable one. Datetimes become Unix seconds.</summary>
    public static double Parse(string? cell, ColumnProfile column)
    {
        if (cell is null)
        {
            return double.NaN;
        }

        double value = double.NaN;
        var ok = column.Kind == ColumnKind.Datetime
            ? column.DatetimeFormat is { } format && CellValues.TryParseDatetime(cell, format, out value)
            : CellValues.TryParseNumber(cell, out value, out _, out _);
        return ok ? value : double.NaN;
    }
}
