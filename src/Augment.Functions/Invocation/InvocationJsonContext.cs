using System.Text.Json.Serialization;
using Augment.Functions.Management;

namespace Augment.Functions.Invocation;

/// <summary>Source-generated JSON for the handler's own payloads.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(InvocationResponse))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(CheckStatusPayload))]
[JsonSerializable(typeof(StartRequest))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(PurgeHistoryResult))]
internal sealed partial class InvocationJsonContext : JsonSerializerContext;
