using System.Text.Json.Serialization;

namespace Augment.Data;

/// <summary>What <see cref="SchemaInference"/> learned about one column.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The kind of values.</param>
/// <param name="MissingCount">Rows where the value is missing (empty).</param>
/// <param name="DistinctCount">Distinct non-missing values (compared as text, ordinally).</param>
/// <param name="Min">The smallest value when every value is a number (or, for datetimes, Unix seconds, UTC).</param>
/// <param name="Max">The largest value, as <paramref name="Min"/>.</param>
/// <param name="DecimalPlaces">The most digits after the decimal point seen (0 for whole numbers and text).</param>
/// <param name="Categories">Values with their counts, most frequent first, for categorical and boolean columns.</param>
/// <param name="DatetimeFormat">The .NET custom format every value of a datetime column parses with.</param>
/// <param name="IsIdentifier">Every value is present and distinct in a column of at least 20 rows (an id).</param>
/// <param name="InvalidCount">Cells of a numeric or datetime column that are not a number or a date (<c>N/A</c>, <c>?</c>,
/// typos): read as missing and counted in <paramref name="MissingCount"/> too (see <see cref="SchemaInference.Clean"/>).</param>
/// <param name="ReformattedCount">Cells read in a second form and rewritten in the column's own: <c>$1,200</c> as
/// <c>1200</c>, a date in another format in the column's main format.</param>
/// <param name="InvalidExamples">Up to three of the invalid cells, most frequent first (for the report).</param>
public sealed record ColumnProfile(
    string Name,
    ColumnKind Kind,
    int MissingCount,
    int DistinctCount,
    double? Min = null,
    double? Max = null,
    int DecimalPlaces = 0,
    IReadOnlyList<CategoryCount>? Categories = null,
    string? DatetimeFormat = null,
    bool IsIdentifier = false,
    int InvalidCount = 0,
    int ReformattedCount = 0,
    IReadOnlyList<string>? InvalidExamples = null)
{
    /// <summary>Gets whether <see cref="SchemaInference.Clean"/> rewrites any cell of this column.</summary>
    [JsonIgnore]
    public bool NeedsCleaning => InvalidCount > 0 || ReformattedCount > 0;

    /// <summary>Gets whether the column holds numbers or datetimes (sampled from a numeric marginal).</summary>
    [JsonIgnore]
    public bool IsNumeric => Kind is ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.Datetime;

    /// <summary>Compares every member, the categories element by element.</summary>
    /// <param name="other">The other profile.</param>
    public bool Equals(ColumnProfile? other) =>
        other is not null
        && Name == other.Name
        && Kind == other.Kind
        && MissingCount == other.MissingCount
        && DistinctCount == other.DistinctCount
        && Nullable.Equals(Min, other.Min)
        && Nullable.Equals(Max, other.Max)
        && DecimalPlaces == other.DecimalPlaces
        && DatetimeFormat == other.DatetimeFormat
        && IsIdentifier == other.IsIdentifier
        && InvalidCount == other.InvalidCount
        && ReformattedCount == other.ReformattedCount
        && (Categories ?? []).SequenceEqual(other.Categories ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Kind, MissingCount, DistinctCount, Min, Max);
}
