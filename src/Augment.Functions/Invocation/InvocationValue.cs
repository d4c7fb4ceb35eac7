using System.Globalization;
using System.Text.Json;

namespace Augment.Functions.Invocation;

/// <summary>
/// Reads values of a custom-handler invocation payload in both encodings the Functions host is known to use
/// (CONTRACTS §1.3): the host's double encoding, where a string, number or GUID arrives as a JSON string holding
/// its JSON literal (<c>"\"abc\""</c>, <c>"1"</c>), and the plain form of the documentation samples.
/// </summary>
internal static class InvocationValue
{
    /// <summary>The value as text: a JSON string with one level of extra quoting removed; numbers and booleans as
    /// their literal; objects and arrays as their JSON text; null for JSON null or a missing value.</summary>
    public static string? AsString(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => Unquote(element.GetString()!),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => element.GetRawText(),
        };
    }

    /// <summary>The value as a whole number, from a JSON number or a (possibly quoted) numeric string.</summary>
    public static long? AsInt64(JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var direct))
        {
            return direct;
        }

        var text = AsString(value);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    /// <summary>The value as a boolean, from JSON true/false or a (possibly quoted) "true"/"false".</summary>
    public static bool? AsBoolean(JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.True or JsonValueKind.False } literal)
        {
            return literal.GetBoolean();
        }

        return bool.TryParse(AsString(value), out var parsed) ? parsed : null;
    }

    /// <summary>The value as a timestamp (ISO 8601; assumed UTC without an offset); null when absent or unparsable.</summary>
    public static DateTimeOffset? AsTime(JsonElement? value) =>
        DateTimeOffset.TryParse(AsString(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    /// <summary>The value as a JSON object: an object as is, or a string that holds an object's JSON text.</summary>
    public static JsonElement? AsObject(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            return element;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = AsString(element);
        if (text is null || !text.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A property of an object, matched case-insensitively (the host's payloads are parsed by Newtonsoft).</summary>
    public static JsonElement? Property(JsonElement? value, string name)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>Removes the host's extra quoting: <c>"abc"</c> (with the quotes, a JSON string literal) becomes <c>abc</c>.</summary>
    public static string Unquote(string text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        try
        {
            return JsonSerializer.Deserialize(text, InvocationJsonContext.Default.String) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
