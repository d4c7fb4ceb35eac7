using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augment.LocalHost.Invocation;

/// <summary>
/// Values as the Functions host puts them into an invocation payload (CONTRACTS.md §1.3): strings, numbers, GUIDs and
/// URIs are JSON-serialised and then sent as a JSON string (<c>"abc"</c> → <c>"\"abc\""</c>, <c>1</c> → <c>"1"</c>);
/// bytes are base64; dates are ISO strings; objects are nested JSON.
/// </summary>
public static class WireValues
{
    /// <summary>A string the way the host double-encodes it.</summary>
    public static JsonNode Text(string value) => JsonValue.Create(JsonSerializer.Serialize(value, WireJsonContext.Default.String));

    /// <summary>A number the way the host encodes it: its JSON text inside a string.</summary>
    public static JsonNode Number(long value) => JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Bytes as base64.</summary>
    public static JsonNode Bytes(ReadOnlySpan<byte> value) => JsonValue.Create(Convert.ToBase64String(value));

    /// <summary>A time as an ISO 8601 string with offset.</summary>
    public static JsonNode Time(DateTimeOffset value) => JsonValue.Create(Iso(value));

    /// <summary>The ISO 8601 form used in payloads and status blobs (<c>2016-10-04T10:15:00+00:00</c>, fractions kept).</summary>
    public static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a string the handler or host may have double-encoded: a JSON string whose content is itself a JSON string
    /// literal is unwrapped once more.
    /// </summary>
    public static string? ReadText(JsonNode? node)
    {
        if (node is not JsonValue v || !v.TryGetValue<string>(out var s))
        {
            return node?.ToJsonString();
        }

        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize(s, WireJsonContext.Default.String);
            }
            catch (JsonException)
            {
            }
        }

        return s;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class WireJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
