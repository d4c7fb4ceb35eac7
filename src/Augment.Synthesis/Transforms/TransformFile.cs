using System.Text.Json.Serialization;
using Augment.Data;

namespace Augment.Synthesis.Transforms;

/// <summary>The persisted transformer (part of a model manifest).</summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">The format version, <see cref="CurrentVersion"/>.</param>
/// <param name="Columns">Each column's transform, in table order.</param>
public sealed record TransformFile(string Format, int Version, IReadOnlyList<ColumnTransformFile> Columns)
{
    /// <summary>The format name written in every file.</summary>
    public const string FormatName = "augment.transform";

    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;
}

/// <summary>One column's transform. Numeric kinds use the mixture and bounds, the others the categories.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The schema kind.</param>
/// <param name="HasMissing">Whether a present/missing indicator is emitted (numeric kinds; categories code missing as a category).</param>
/// <param name="Mixture">The mode mixture of a numeric column.</param>
/// <param name="Min">The smallest training value (numbers; Unix seconds for datetimes).</param>
/// <param name="Max">The largest training value.</param>
/// <param name="DecimalPlaces">Digits after the point of a continuous column.</param>
/// <param name="DatetimeFormat">The format of a datetime column.</param>
/// <param name="Categories">The categories in output order; <see langword="null"/> is the missing value.</param>
/// <param name="Encoding">How categories are encoded.</param>
public sealed record ColumnTransformFile(
    string Name,
    ColumnKind Kind,
    bool HasMissing = false,
    GaussianMixture1D? Mixture = null,
    double Min = 0,
    double Max = 0,
    int DecimalPlaces = 0,
    string? DatetimeFormat = null,
    string?[]? Categories = null,
    CategoryEncoding Encoding = CategoryEncoding.OneHot)
{
    /// <summary>Gets whether the column is transformed as a number.</summary>
    [JsonIgnore]
    public bool IsNumeric => Mixture is not null;
}

/// <summary>Source-generated JSON of the transformer file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TransformFile))]
public sealed partial class TransformJsonContext : JsonSerializerContext;
