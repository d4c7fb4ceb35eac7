using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Augment.Tensors.IO;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a UTF-8 JSON header mapping each
/// tensor name to <c>{"dtype":"F32","shape":[…],"data_offsets":[begin,end]}</c> plus an optional
/// <c>__metadata__</c> string map, then the raw little-endian data. Only F32 tensors are read and written.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB, as the reference implementation).</summary>
    public const int MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Writes tensors (sorted by name) and metadata.</summary>
    /// <param name="destination">The stream; left open.</param>
    /// <param name="tensors">The tensors by unique name.</param>
    /// <param name="metadata">String metadata, or null.</param>
    /// <exception cref="ArgumentException">A name repeats or is <c>__metadata__</c>.</exception>
    public static void Write(Stream destination, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(k, v);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, tensor) in list)
            {
                if (name == MetadataKey || !seen.Add(name))
                {
                    throw new ArgumentException($"Tensor name '{name}' is reserved or repeated.", nameof(tensors));
                }

                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Length * 4L;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces so that the data starts 8-byte aligned.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        destination.Write(length);
        header.Position = 0;
        header.CopyTo(destination);
        foreach (var (_, tensor) in list)
        {
            WriteFloats(destination, tensor.Data);
        }
    }

    /// <summary>Reads a whole safetensors file.</summary>
    /// <param name="source">The stream, read to its end.</param>
    /// <returns>The tensors by name and the metadata (empty when there is none).</returns>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or holds a type other than F32.</exception>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var bytes = ReadAll(source);
        if (bytes.Length < 8)
        {
            throw Invalid($"it has {bytes.Length} bytes, fewer than the 8-byte header length");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength == 0 || headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw Invalid($"its header length {headerLength} does not fit a file of {bytes.Length} bytes (truncated or not safetensors)");
        }

        var dataStart = 8 + (int)headerLength;
        var dataLength = bytes.Length - dataStart;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException ex)
        {
            throw Invalid($"its header is not JSON ({ex.Message})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("its header is not a JSON object");
            }

            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw Invalid($"metadata '{m.Name}' is not a string");
                    }

                    continue;
                }

                var (shape, begin, end) = ParseEntry(entry);
                if (begin < 0 || end > dataLength || end < begin)
                {
                    throw Invalid($"tensor '{entry.Name}' has data offsets [{begin}, {end}) outside the {dataLength} data bytes (truncated?)");
                }

                var count = shape.Aggregate(1L, (a, d) => a * d);
                if (count * 4 != end - begin)
                {
                    throw Invalid($"tensor '{entry.Name}' has shape [{string.Join(", ", shape)}] but {end - begin} data bytes");
                }

                var data = new float[count];
                MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart + (int)begin, (int)(end - begin))).CopyTo(data);
                if (!BitConverter.IsLittleEndian)
                {
                    throw new PlatformNotSupportedException("Big-endian machines are not supported.");
                }

                tensors[entry.Name] = new Tensor(data, shape.Length == 0 ? [1] : shape);
                ranges.Add((begin, end, entry.Name));
            }

            CheckCoverage(ranges, dataLength);
            return (tensors, metadata);
        }
    }

    private static (int[] Shape, long Begin, long End) ParseEntry(JsonProperty entry)
    {
        try
        {
            var v = entry.Value;
            var dtype = v.GetProperty("dtype").GetString();
            if (dtype != "F32")
            {
                throw Invalid($"tensor '{entry.Name}' has dtype {dtype}; only F32 is supported");
            }

            var shape = v.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            if (shape.Any(d => d < 0))
            {
                throw Invalid($"tensor '{entry.Name}' has a negative dimension");
            }

            var offsets = v.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            return offsets.Length == 2 ? (shape, offsets[0], offsets[1]) : throw Invalid($"tensor '{entry.Name}' needs two data offsets");
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Invalid($"tensor '{entry.Name}' has a malformed entry ({ex.Message})");
        }
    }

    private static void CheckCoverage(List<(long Begin, long End, string Name)> ranges, long dataLength)
    {
        long expected = 0;
        foreach (var (begin, end, name) in ranges.OrderBy(r => r.Begin).ThenBy(r => r.End))
        {
            if (begin != expected)
            {
                throw Invalid($"tensor '{name}' starts at byte {begin}, expected {expected} (overlapping or gapped data)");
            }

            expected = end;
        }

        if (expected != dataLength)
        {
            throw Invalid($"the tensors cover {expected} of {dataLength} data bytes");
        }
    }

    private static void WriteFloats(Stream destination, float[] data)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Big-endian machines are not supported.");
        }

        destination.Write(MemoryMarshal.AsBytes(data.AsSpan()));
    }

    private static byte[] ReadAll(Stream source)
    {
        if (source is MemoryStream ms && ms.Position == 0)
        {
            return ms.ToArray();
        }

        using var copy = new MemoryStream();
        source.CopyTo(copy);
        return copy.ToArray();
    }

    private static InvalidDataException Invalid(string why) => new($"The file is not a valid safetensors file: {why}.");
}
