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
/// <item>numbers and dates as real exports write them also count: numbers with currency, percent or thousands signs
/// (<see cref="CellValues.TryParseLenientNumber"/>), dates in a second format, and up to
/// <see cref="SchemaInferenceOptions.MaxInvalidShare"/> of cells that are neither (<c>N/A</c>, <c>?</c>, typos), which
/// <see cref="Clean"/> then reads as missing — so 2 % junk no longer turns a number column into text;</item>
/// <item>other text is categorical up to <see cref="SchemaInferenceOptions.MaxCategories"/> distinct values (and at most
/// <see cref="SchemaInferenceOptions.MaxDistinctShare"/> of its present cells), else text.</item>
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
        var budget = (int)Math.Floor(options.MaxInvalidShare * present);
        var numbers = NumberSummary.Of(counts, budget);
        var plainNumbers = numbers is { Invalid: 0, Reformatted: 0 };
        // Min and Max describe every column whose cells are all plain numbers (0/1 booleans and codes too).
        var profile = new ColumnProfile(name, ColumnKind.Categorical, missing, distinct, plainNumbers ? numbers!.Value.Min : null, plainNumbers ? numbers!.Value.Max : null);

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
            var clean = plainNumbers;
            var read = profile with
            {
                MissingCount = missing + n.Invalid,
                DistinctCount = n.Distinct,
                Min = n.Min,
                Max = n.Max,
                InvalidCount = n.Invalid,
                ReformattedCount = n.Reformatted,
                InvalidExamples = n.Invalid > 0 ? Examples(counts, n.IsInvalid) : null,
            };
            if (!n.AllIntegers)
            {
                return read with { Kind = ColumnKind.Continuous, DecimalPlaces = n.DecimalPlaces };
            }

            if (n.Distinct > options.MaxIntegerCodes)
            {
                return read with { Kind = ColumnKind.Integer, IsIdentifier = isIdentifier && clean };
            }

            if (clean)
            {
                return profile with { Categories = Categories(counts) };
            }

            // A few integer codes beside junk ("1", "2", "N/A"): categories as written, below.
        }

        if (DatetimeSummary.Of(counts, budget) is { } dates)
        {
            return profile with
            {
                Kind = ColumnKind.Datetime,
                MissingCount = missing + dates.Invalid,
                Min = dates.Min,
                Max = dates.Max,
                DatetimeFormat = dates.Format,
                InvalidCount = dates.Invalid,
                ReformattedCount = dates.Reformatted,
                InvalidExamples = dates.Invalid > 0 ? Examples(counts, v => !CellValues.DatetimeFormats.Any(f => CellValues.TryParseDatetime(v, f, out _))) : null,
            };
        }

        var mostlyUnique = present >= MinIdentifierRows && distinct > options.MaxDistinctShare * present;
        return distinct <= options.MaxCategories && !mostlyUnique
            ? profile with { Categories = Categories(counts) }
            : profile with { Kind = ColumnKind.Text, IsIdentifier = isIdentifier };
    }

    /// <summary>
    /// The table as the later stages should read it: in numeric and datetime columns with <see cref="ColumnProfile.InvalidCount"/>
    /// or <see cref="ColumnProfile.ReformattedCount"/>, invalid cells become missing and cells in a second form are written
    /// in the column's own (<c>$1,200</c> → <c>1200</c>, <c>12/31/2024</c> → <c>2024-12-31</c>). Other columns are shared, not copied.
    /// </summary>
    /// <param name="table">The table the schema was inferred from.</param>
    /// <param name="schema">Its schema.</param>
    public static DataTable Clean(DataTable table, DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        if (!schema.Columns.Any(c => c.NeedsCleaning))
        {
            return table;
        }

        var columns = new string?[table.Columns.Count][];
        for (var c = 0; c < columns.Length; c++)
        {
            var cells = table.Column(c);
            var profile = schema.Find(table.Columns[c]);
            if (profile is not { NeedsCleaning: true })
            {
                columns[c] = [.. cells];
                continue;
            }

            // Each distinct cell is read once.
            var rewritten = new Dictionary<string, string?>(StringComparer.Ordinal);
            var column = new string?[cells.Count];
            for (var r = 0; r < column.Length; r++)
            {
                if (cells[r] is not { } cell)
                {
                    continue;
                }

                if (!rewritten.TryGetValue(cell, out var value))
                {
                    value = profile.Kind == ColumnKind.Datetime ? CleanDatetime(cell, profile.DatetimeFormat!) : CleanNumber(cell);
                    rewritten[cell] = value;
                }

                column[r] = value;
            }

            columns[c] = column;
        }

        return DataTable.FromColumns(table.Columns, columns);
    }

    private static string? CleanNumber(string cell)
    {
        if (CellValues.TryParseNumber(cell, out _, out _, out _))
        {
            return cell;
        }

        return CellValues.TryParseLenientNumber(cell, out var value, out var places, out _) ? CellValues.FormatNumber(value, places) : null;
    }

    private static string? CleanDatetime(string cell, string format)
    {
        if (CellValues.TryParseDatetime(cell, format, out _))
        {
            return cell;
        }

        foreach (var other in CellValues.DatetimeFormats)
        {
            if (CellValues.TryParseDatetime(cell, other, out var seconds))
            {
                return CellValues.FormatDatetime(seconds, format);
            }
        }

        return null;
    }

    private static List<string> Examples(Dictionary<string, int> counts, Func<string, bool> invalid) =>
        [.. counts.Where(kv => invalid(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(3).Select(kv => kv.Key)];

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

    /// <summary>What the numbers of a column read as: plain, in a second form, or not at all (within a budget of invalid cells).</summary>
    private readonly record struct NumberSummary(double Min, double Max, int DecimalPlaces, bool AllIntegers, int Distinct, int Invalid, int Reformatted)
    {
        public bool IsInvalid(string text) => !CellValues.TryParseLenientNumber(text, out _, out _, out _);

        public static NumberSummary? Of(Dictionary<string, int> counts, int invalidBudget)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            int decimals = 0, distinct = 0, invalid = 0, reformatted = 0;
            var allIntegers = true;
            foreach (var (text, count) in counts)
            {
                if (!CellValues.TryParseNumber(text, out var value, out var places, out var isInteger))
                {
                    if (!CellValues.TryParseLenientNumber(text, out value, out places, out isInteger))
                    {
                        invalid += count;
                        if (invalid > invalidBudget)
                        {
                            return null;
                        }

                        continue;
                    }

                    reformatted += count;
                }

                distinct++;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                decimals = Math.Max(decimals, places);
                allIntegers &= isInteger;
            }

            // A column of junk with a few numbers in it is not numeric: most present cells must read.
            return distinct > 0 && invalid * 2 < counts.Values.Sum() ? new NumberSummary(min, max, decimals, allIntegers, distinct, invalid, reformatted) : null;
        }
    }

    /// <summary>A datetime column's main format (the one most cells are written in), range and cells in other formats or none.</summary>
    private readonly record struct DatetimeSummary(double Min, double Max, string Format, int Invalid, int Reformatted)
    {
        /// <summary>Reads a cell with the first of every known format that reads it (as <see cref="Clean"/> does).</summary>
        private static bool Read(string text, out double seconds)
        {
            foreach (var format in CellValues.DatetimeFormats)
            {
                if (CellValues.TryParseDatetime(text, format, out seconds))
                {
                    return true;
                }
            }

            seconds = 0;
            return false;
        }

        /// <summary>Distinct values tried against every format before the formats that read none of them are dropped.</summary>
        private const int Probe = 64;

        public static DatetimeSummary? Of(Dictionary<string, int> counts, int invalidBudget)
        {
            // Formats that read at least one of the first values; a column of free text is rejected after Probe values.
            var probe = counts.Keys.Take(Probe).ToList();
            var candidates = CellValues.DatetimeFormats.Where(f => probe.Any(v => CellValues.TryParseDatetime(v, f, out _))).ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            var cellsPerFormat = new int[candidates.Count];
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            var invalid = 0;
            foreach (var (text, count) in counts)
            {
                var read = false;
                for (var f = 0; f < candidates.Count; f++)
                {
                    if (CellValues.TryParseDatetime(text, candidates[f], out _))
                    {
                        read = true;
                        cellsPerFormat[f] += count;
                    }
                }

                if (!read && !Read(text, out _))
                {
                    invalid += count;
                    if (invalid > invalidBudget)
                    {
                        return null;
                    }
                }
            }

            var best = 0;
            for (var f = 1; f < candidates.Count; f++)
            {
                best = cellsPerFormat[f] > cellsPerFormat[best] ? f : best;
            }

            // The range as Clean will write the cells: in the main format where it reads them, else in the first that does.
            var format = candidates[best];
            foreach (var text in counts.Keys)
            {
                if (CellValues.TryParseDatetime(text, format, out var seconds) || Read(text, out seconds))
                {
                    min = Math.Min(min, seconds);
                    max = Math.Max(max, seconds);
                }
            }

            var total = counts.Values.Sum();
            return new DatetimeSummary(min, max, format, invalid, total - invalid - cellsPerFormat[best]);
        }
    }
}
