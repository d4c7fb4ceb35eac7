namespace Augment.Data;

/// <summary>
/// Decides each column's <see cref="ColumnKind"/> and profile from its text. Rules, first match wins:
/// <list type="number">
/// <item>a column named in <see cref="SchemaInferenceOptions.CategoricalColumns"/>, or with no values, is categorical;</item>
/// <item>values of one boolean pair (true/false, yes/no, y/n, t/f in any case, or 0/1) are boolean;</item>
/// <item>plain numbers (<see cref="CellValues.TryParseNumber"/>) without point or exponent are integer, or
/// categorical codes when there are at most <see cref="SchemaInferenceOptions.MaxIntegerCodes"/> distinct values;</item>
/// <item>other plain numbers are continuous;</item>
/// <item>values that all parse with one of <see cref="CellValues.DatetimeFormats"/> are datetimes;</item>
/// <item>other text is categorical up to <see cref="SchemaInferenceOptions.MaxCategories"/> distinct values, else text.</item>
/// </list>
/// Missing values are counted and never imputed.
/// </summary>
public static class SchemaInference
{
    /// <summary>Minimum non-missing rows for an all-distinct column to count as an identifier.</summary>
    internal const int MinIdentifierRows = 20;

    private static readonly string[][] BooleanPairs =
    [
        ["true", "false"],
        ["yes", "no"],
        ["y", "n"],
        ["t", "f"],
    ];

    /// <summary>Infers the schema of a table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="options">Options; <see cref="SchemaInferenceOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A forced categorical column is not in the table.</exception>
    public static DatasetSchema Infer(DataTable table, SchemaInferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= SchemaInferenceOptions.Default;
        options.Validate();
        foreach (var name in options.CategoricalColumns)
        {
            if (table.IndexOf(name) < 0)
            {
                throw new ArgumentException($"Column '{name}' is not in the table.", nameof(options));
            }
        }

        var forced = new HashSet<string>(options.CategoricalColumns, StringComparer.Ordinal);
        var profiles = new ColumnProfile[table.Columns.Count];
        for (var c = 0; c < profiles.Length; c++)
        {
            var name = table.Columns[c];
            profiles[c] = InferColumn(name, table.RawColumn(c), forced.Contains(name), options);
        }

        return new DatasetSchema(profiles);
    }

    internal static ColumnProfile InferColumn(string name, IReadOnlyList<string?> cells, bool forceCategorical, SchemaInferenceOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = 0;
        foreach (var cell in cells)
        {
            if (cell is null)
            {
                missing++;
            }
            else
            {
                counts[cell] = counts.GetValueOrDefault(cell) + 1;
            }
        }

        var present = cells.Count - missing;
        var distinct = counts.Count;
        var isIdentifier = present >= MinIdentifierRows && distinct == present && missing == 0;
        var numbers = NumberSummary.Of(counts.Keys);
        var profile = new ColumnProfile(name, ColumnKind.Categorical, missing, distinct, numbers?.Min, numbers?.Max);

        if (forceCategorical || present == 0)
        {
            return profile with { Categories = Categories(counts) };
        }

        if (IsBoolean(counts.Keys))
        {
            return profile with { Kind = ColumnKind.Boolean, Categories = Categories(counts) };
        }

        if (numbers is { } n)
        {
            if (n.AllIntegers)
            {
                return distinct <= options.MaxIntegerCodes
                    ? profile with { Categories = Categories(counts) }
                    : profile with { Kind = ColumnKind.Integer, IsIdentifier = isIdentifier };
            }

            return profile with { Kind = ColumnKind.Continuous, DecimalPlaces = n.DecimalPlaces };
        }

        if (DatetimeSummary.Of(counts.Keys) is { } dates)
        {
            return profile with { Kind = ColumnKind.Datetime, Min = dates.Min, Max = dates.Max, DatetimeFormat = dates.Format };
        }

        return distinct <= options.MaxCategories
            ? profile with { Categories = Categories(counts) }
            : profile with { Kind = ColumnKind.Text, IsIdentifier = isIdentifier };
    }

    private static bool IsBoolean(Dictionary<string, int>.KeyCollection values)
    {
        if (values.Count is 0 or > 2)
        {
            return false;
        }

        if (values.All(v => v is "0" or "1"))
        {
            return true;
        }

        var lower = values.Select(v => v.ToLowerInvariant()).Distinct().ToList();
        foreach (var pair in BooleanPairs)
        {
            if (lower.Count == values.Count && lower.All(v => v == pair[0] || v == pair[1]))
            {
                return true;
            }
        }

        return false;
    }

    private static List<CategoryCount> Categories(Dictionary<string, int> counts) =>
        [.. counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new CategoryCount(kv.Key, kv.Value))];

    private readonly record struct NumberSummary(double Min, double Max, int DecimalPlaces, bool AllIntegers)
    {
        public static NumberSummary? Of(IEnumerable<string> values)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            var decimals = 0;
            var allIntegers = true;
            var any = false;
            foreach (var text in values)
            {
                if (!CellValues.TryParseNumber(text, out var value, out var places, out var isInteger))
                {
                    return null;
                }

                any = true;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                decimals = Math.Max(decimals, places);
                allIntegers &= isInteger;
            }

            return any ? new NumberSummary(min, max, decimals, allIntegers) : null;
        }
    }

    private readonly record struct DatetimeSummary(double Min, double Max, string Format)
    {
        public static DatetimeSummary? Of(Dictionary<string, int>.KeyCollection values)
        {
            var first = values.First();
            foreach (var format in CellValues.DatetimeFormats)
            {
                if (!CellValues.TryParseDatetime(first, format, out _))
                {
                    continue;
                }

                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                var all = true;
                foreach (var text in values)
                {
                    if (!CellValues.TryParseDatetime(text, format, out var seconds))
                    {
                        all = false;
                        break;
                    }

                    min = Math.Min(min, seconds);
                    max = Math.Max(max, seconds);
                }

                if (all)
                {
                    return new DatetimeSummary(min, max, format);
                }
            }

            return null;
        }
    }
}
