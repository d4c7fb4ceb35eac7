using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Augment.Tensors.IO;

namespace Augment.Tensors.Tests.IO;

public class SafeTensorsTests
{
    [Fact]
    public void WriteRead_RoundTripsTensorsAndMetadata_DataAligned()
    {
        var a = TestData.Matrix(3, 4, 1);
        var b = new Tensor([1.5f, -2f], 2);
        var bytes = Write([("layer.b", b), ("layer.a", a)], new Dictionary<string, string> { ["k"] = "v" });
        Assert.Equal(0, (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
        var (tensors, metadata) = SafeTensors.Read(new MemoryStream(bytes));
        Assert.Equal(a.Data, tensors["layer.a"].Data);
        Assert.Equal([3, 4], tensors["layer.a"].Shape);
        Assert.Equal(b.Data, tensors["layer.b"].Data);
        Assert.Equal("v", metadata["k"]);
    }

    [Fact]
    public void Write_HeaderFollowsTheSpec()
    {
        var bytes = Write([("w", new Tensor(2, 3))], null);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, length));
        var w = doc.RootElement.GetProperty("w");
        Assert.Equal("F32", w.GetProperty("dtype").GetString());
        Assert.Equal([2, 3], w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0L, 24L], w.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(8 + length + 24, bytes.Length);
    }

    [Fact]
    public void Read_Truncated_ThrowsClearError()
    {
        var bytes = Write([("w", TestData.Matrix(4, 4, 2))], null);
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes[..^5])));
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes[..6])));
    }

    [Fact]
    public void Read_ForeignOrCorrupt_ThrowsClearError()
    {
        var csv = Encoding.UTF8.GetBytes("age,income\n39,<=50K\n50,>50K\n");
        Assert.StartsWith("The file is not a valid safetensors file", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(csv))).Message, StringComparison.Ordinal);
        var bytes = Write([("w", new Tensor(2, 2))], null);
        bytes[8] = (byte)'#'; // the opening brace of the JSON header
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Read_OtherDtype_ThrowsClearError()
    {
        var header = Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}");
        var bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        Assert.Contains("only F32", Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(bytes))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelFile_RoundTripsManifest_RejectsOtherFormatNewerVersionAndBareSafetensors()
    {
        var manifest = new ModelManifest
        {
            Format = "augment.test",
            Version = 2,
            Seed = 42,
            Transforms = JsonDocument.Parse("{\"columns\":[1,2]}").RootElement,
            Metrics = new() { ["loss"] = 0.25 },
        };
        var ms = new MemoryStream();
        ModelFile.Write(ms, manifest, [("w", new Tensor([1f, 2f], 2))]);
        var bytes = ms.ToArray();
        var (read, tensors) = ModelFile.Read(new MemoryStream(bytes), "augment.test", 2);
        Assert.Equal(42, read.Seed);
        Assert.Equal(0.25, read.Metrics["loss"]);
        Assert.Equal(2, read.Transforms!.Value.GetProperty("columns")[1].GetInt32());
        Assert.Equal([1f, 2f], tensors["w"].Data);

        Assert.Contains("expected 'augment.other'", Assert.Throws<InvalidDataException>(() => ModelFile.Read(new MemoryStream(bytes), "augment.other", 2)).Message, StringComparison.Ordinal);
        Assert.Contains("versions 1 to 1", Assert.Throws<InvalidDataException>(() => ModelFile.Read(new MemoryStream(bytes), "augment.test", 1)).Message, StringComparison.Ordinal);
        var bare = Write([("w", new Tensor(1))], null);
        Assert.Contains("not an Augment model file", Assert.Throws<InvalidDataException>(() => ModelFile.Read(new MemoryStream(bare), "augment.test", 1)).Message, StringComparison.Ordinal);
    }

    private static byte[] Write(IEnumerable<(string, Tensor)> tensors, Dictionary<string, string>? metadata)
    {
        var ms = new MemoryStream();
        SafeTensors.Write(ms, tensors, metadata);
        return ms.ToArray();
    }
}
