using System.Text.Json.Serialization;
using Augment.Data;

namespace Augment.Synthesis;

/// <summary>The persisted Gaussian copula: per-column marginals and the correlation of the normal scores.</summary>
/// <param name="Format">Always <see cref="FormatName"/>; tells a model file from any other JSON.</param>
/// <param name="Version">The format version, <see cref="CurrentVersion"/>.</param>
/// <param name="TrainRows">Rows the model was fitted on.</param>
/// <param name="Shrinkage">λ of <c>(1 - λ) R + λ I</c> that made the correlation positive definite.</param>
/// <param name="Columns">The marginals, in table column order.</param>
/// <param name="Correlation">The correlation of the score dimensions (already shrunk).</param>
internal sealed record CopulaModelFile(
    string Format,
    int Version,
    int TrainRows,
    double Shrinkage,
    IReadOnlyList<CopulaColumnFile> Columns,
    double[][] Correlation)
{
    public const string FormatName = "augment.gaussian-copula";

    public const int CurrentVersion = 1;
}

/// <summary>One column's marginal. Numeric kinds use the quantiles, the others the categories.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The column kind from the schema.</param>
/// <param name="MissingRate">Share of missing values (numeric columns; categorical ones model missing as a category).</param>
/// <param name="Quantiles">Empirical quantiles at evenly spaced probabilities 0..1 (numeric kinds).</param>
/// <param name="DecimalPlaces">Digits after the point when writing a continuous value.</param>
/// <param name="DatetimeFormat">The format of a datetime column; values are Unix seconds.</param>
/// <param name="Categories">Categories, most frequent first; <see langword="null"/> is the missing value.</param>
/// <param name="Frequencies">The share of each category; they sum to 1.</param>
internal sealed record CopulaColumnFile(
    string Name,
    ColumnKind Kind,
    double MissingRate,
    double[]? Quantiles = null,
    int DecimalPlaces = 0,
    string? DatetimeFormat = null,
    string?[]? Categories = null,
    double[]? Frequencies = null);

/// <summary>Source-generated JSON of the model file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CopulaModelFile))]
internal sealed partial class SynthesisJsonContext : JsonSerializerContext;
