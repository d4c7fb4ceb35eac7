namespace Augment.Tensors.Onnx;

/// <summary>A node attribute of an ONNX graph (an int or a float).</summary>
internal sealed record OnnxAttribute(string Name, long? IntValue, float? FloatValue)
{
    public static OnnxAttribute Int(string name, long value) => new(name, value, null);

    public static OnnxAttribute Float(string name, float value) => new(name, null, value);

    public void Write(ProtoWriter w)
    {
        w.String(1, Name);
        if (FloatValue is { } f)
        {
            w.Float(2, f);
            w.Varint(20, 1);
        }
        else
        {
            w.Varint(3, IntValue!.Value);
            w.Varint(20, 2);
        }
    }
}
