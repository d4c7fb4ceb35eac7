using System.Text.Json.Serialization;

namespace Augment.Evaluation;

/// <summary>
/// Source-generated JSON for the evaluation records (camelCase; NaN and infinities written as strings, since a
/// metric can be undefined, e.g. an AUC with one class).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EvaluationReport))]
public sealed partial class EvaluationJsonContext : JsonSerializerContext;
