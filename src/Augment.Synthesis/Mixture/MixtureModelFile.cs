using System.Text.Json.Serialization;
using Augment.Data;

namespace Augment.Synthesis.Mixture;

/// <summary>The persisted latent-class mixture.</summary>
/// <param name="Format">Always <see cref="FormatName"/>; tells a model file from any other JSON.</param>
/// <param name="Version">The format version, <see cref="CurrentVersion"/>.</param>
/// <param name="TrainRows">Rows the model was fitted on.</param>
/// <param name="Target">The class column whose classes have their own mixtures, or null.</param>
/// <param name="Columns">How each column is coded, in table order.</param>
/// <param name="Classes">One mixture per class of the target (one in all without a target).</param>
/// <param name="Metrics">Training metrics (iterations, log-likelihood, seconds).</param>
internal sealed record MixtureModelFile(
    string Format,
    int Version,
    int TrainRows,
    string? Target,
    IReadOnlyList<MixtureColumnFile> Columns,
    IReadOnlyList<MixtureClassFile> Classes,
    TrainingMetrics? Metrics)
{
    public const string FormatName = "augment.latent-mixture";

    public const int CurrentVersion = 1;
}

/// <summary>One column's codes: categories, or value bins of a numeric column (plus a missing code last).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Kind">The schema kind.</param>
/// <param name="Categories">Categories of a categorical column; <see langword="null"/> is the missing value.</param>
/// <param name="Bins">Value bins of a numeric column.</param>
/// <param name="HasMissing">A numeric column's last code means "missing".</param>
/// <param name="Quantiles">The numeric column's quantile function on an even grid of probabilities (min and max kept).</param>
/// <param name="DecimalPlaces">Digits after the point of a continuous column.</param>
/// <param name="DatetimeFormat">The format of a datetime column (values are Unix seconds).</param>
internal sealed record MixtureColumnFile(
    string Name,
    ColumnKind Kind,
    string?[]? Categories = null,
    IReadOnlyList<ValueBin>? Bins = null,
    bool HasMissing = false,
    double[]? Quantiles = null,
    int DecimalPlaces = 0,
    string? DatetimeFormat = null);

/// <summary>A numeric bin: training values in [<paramref name="Lo"/>, <paramref name="Hi"/>], which hold the probabilities
/// [<paramref name="ULo"/>, <paramref name="UHi"/>] of the empirical CDF. A bin of one frequent value is a point bin.</summary>
internal sealed record ValueBin(double Lo, double Hi, double ULo, double UHi);

/// <summary>The mixture of one class: its share, and per component a weight and each column's code probabilities.</summary>
/// <param name="Value">The class (text), or null when there is no target.</param>
/// <param name="Share">The share of training rows with this class.</param>
/// <param name="Weights">The component weights (sum 1).</param>
/// <param name="Probabilities">Per component, per column, the code probabilities (each sums to 1).</param>
internal sealed record MixtureClassFile(string? Value, double Share, double[] Weights, float[][][] Probabilities);

/// <summary>Source-generated JSON of the mixture model file.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MixtureModelFile))]
internal sealed partial class MixtureJsonContext : JsonSerializerContext;
