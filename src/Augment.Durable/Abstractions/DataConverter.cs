using System.Text.Json;

namespace Augment.Durable;

/// <summary>Turns orchestration and activity payloads (inputs, outputs, custom status) into text and back.</summary>
public abstract class DataConverter
{
    /// <summary>Serializes <paramref name="value"/>; null stays null.</summary>
    public abstract string? Serialize(object? value);

    /// <summary>Deserializes <paramref name="data"/> into <paramref name="targetType"/>; null or empty gives default.</summary>
    public abstract object? Deserialize(string? data, Type targetType);

    /// <summary>Typed <see cref="Deserialize(string?, Type)"/>.</summary>
    public T? Deserialize<T>(string? data) => (T?)Deserialize(data, typeof(T));
}

/// <summary>The default converter: System.Text.Json with web defaults (camelCase, case-insensitive reads).</summary>
public sealed class JsonDataConverter : DataConverter
{
    /// <summary>Creates a converter with <paramref name="options"/>, or <see cref="JsonSerializerDefaults.Web"/>.</summary>
    public JsonDataConverter(JsonSerializerOptions? options = null)
    {
        Options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <summary>A shared instance with web defaults.</summary>
    public static JsonDataConverter Default { get; } = new();

    /// <summary>The serializer options in use.</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc/>
    public override string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <inheritdoc/>
    public override object? Deserialize(string? data, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        return string.IsNullOrEmpty(data) ? null : JsonSerializer.Deserialize(data, targetType, Options);
    }
}
