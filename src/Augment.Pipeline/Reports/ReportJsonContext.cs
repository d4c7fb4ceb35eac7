using System.Text.Json.Serialization;

namespace Augment.Pipeline.Reports;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(RunEvaluation))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
