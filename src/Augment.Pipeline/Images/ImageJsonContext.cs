using System.Text.Json.Serialization;

namespace Augment.Pipeline.Images;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ImageEvaluation))]
[JsonSerializable(typeof(ImageRunReport))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;
