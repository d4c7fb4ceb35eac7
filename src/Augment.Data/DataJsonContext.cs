using System.Text.Json.Serialization;

namespace Augment.Data;

/// <summary>Source-generated JSON for the persisted records of this library (camelCase, enums as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DatasetSchema))]
[JsonSerializable(typeof(ColumnProfile))]
public sealed partial class DataJsonContext : JsonSerializerContext;
