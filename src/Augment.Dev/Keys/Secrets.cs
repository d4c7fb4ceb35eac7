using System.Text.Json.Serialization;

namespace Augment.Dev.Keys;

/// <summary>One secret as the Functions host stores it.</summary>
/// <param name="Name">The key's name (<c>master</c>, <c>default</c>, …).</param>
/// <param name="Value">The key.</param>
/// <param name="Encrypted">True when the host encrypted it with its machine key (not readable here).</param>
internal sealed record Secret(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("encrypted")] bool Encrypted);

/// <summary><c>{hostId}/host.json</c> in <c>azure-webjobs-secrets</c>.</summary>
/// <param name="MasterKey">The master (admin) key.</param>
/// <param name="FunctionKeys">Host-level function keys, valid for every function.</param>
/// <param name="SystemKeys">Extension keys (kept as read; none generated here).</param>
internal sealed record HostSecrets(
    [property: JsonPropertyName("masterKey")] Secret MasterKey,
    [property: JsonPropertyName("functionKeys")] IReadOnlyList<Secret> FunctionKeys,
    [property: JsonPropertyName("systemKeys")] IReadOnlyList<Secret>? SystemKeys);

/// <summary><c>{hostId}/{function}.json</c> in <c>azure-webjobs-secrets</c>.</summary>
/// <param name="Keys">That function's keys.</param>
internal sealed record FunctionSecrets([property: JsonPropertyName("keys")] IReadOnlyList<Secret> Keys);

[JsonSerializable(typeof(HostSecrets))]
[JsonSerializable(typeof(FunctionSecrets))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
