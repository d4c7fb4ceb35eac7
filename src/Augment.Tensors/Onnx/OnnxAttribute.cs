namespace Augment.Tensors.Onnx;

/// <summary>A node attribute of an ONNX graph: an int, a float, a list of ints or a string (AttributeProto).</summary>
internal sealed record OnnxAttribute(string Name, long? IntValue, float? FloatValue, long[]? IntsValue = null, string? StringValue = null)
{
    public static OnnxAttribute Int(string name, long value) => new(name, value, null);

    public static OnnxAttribute Float(string name, float value) => new(name, null, value);

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, null, null, values);

    public static OnnxAttribute String(string name, string value) => new(name, null, null, null, value);

    public void Write(ProtoWriter w)
    {
        w.String(1, Name);
        if (FloatValue is { } f)
        {
            w.Float(2, f);
            w.Varint(20, 1);
        }
        else if (IntsValue is { } ints)
        {
            foreach (var v in ints)
            {
                w.Varint(8, v);
            }

            w.Varint(20, 7);
        }
        else if (StringValue is { } s)
        {
            w.String(4, s);
            w.Varint(20, 3);
        }
        else
        {
            w.Varint(3, IntValue!.Value);
            w.Varint(20, 2);
        }
    }
}
