using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Augment.Tensors.Onnx;

/// <summary>A minimal protocol-buffers encoder (varint, fixed32, length-delimited), enough for ONNX files.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new();

    public void Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        buffer.Write(value);
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.ToArray());
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }
}
