using System.Text.Json.Serialization;

namespace Augment.Pipeline.Spec;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(AugmentSpec))]
[JsonSerializable(typeof(ResolvedSpec))]
internal sealed partial class SpecJsonContext : JsonSerializerContext;
