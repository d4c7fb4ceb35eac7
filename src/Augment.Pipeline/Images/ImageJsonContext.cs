using System.Text.Json.Serialization;

namespace Augment.Pipeline.Images;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ImageEvaluation))]
[JsonSerializable(typeof(ImageRunReport))]
[JsonSerializable(typeof(ImageEvaluateProgress))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;
