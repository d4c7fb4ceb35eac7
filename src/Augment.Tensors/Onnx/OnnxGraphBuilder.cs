using System.Globalization;
using System.Runtime.InteropServices;
using Augment.Tensors.Layers;

namespace Augment.Tensors.Onnx;

/// <summary>
/// Collects the nodes and initializers of one ONNX graph while modules export themselves, and tracks each value's
/// layout. Our modules pass flat batches ([N, features]; an image batch is [N, C·H·W] in NCHW order), while ONNX's
/// image operators need [N, C, H, W]: a value is either flat or an image of a known <see cref="ImageShape"/>, and
/// <see cref="AsImage"/> / <see cref="AsFlat"/> insert a Reshape or Flatten only where the layout changes (both are
/// free views in ONNX Runtime). Element-wise nodes keep their input's layout.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    private readonly List<(string Op, string[] Inputs, string Output, OnnxAttribute[] Attributes)> nodes = [];
    private readonly List<Initializer> initializers = [];
    private readonly Dictionary<string, ImageShape> images = new(StringComparer.Ordinal);
    private readonly Dictionary<ImageShape, string> shapeConstants = [];
    private int counter;

    public int NodeCount => nodes.Count;

    /// <summary>Gets the operator of every node, in order.</summary>
    public IEnumerable<string> Operators => nodes.Select(n => n.Op);

    public string AddInitializer(string name, Tensor value)
    {
        initializers.Add(new Initializer(name, [.. value.Shape.Select(d => (long)d)], FloatType, value.Data, null));
        return name;
    }

    public string AddInitializer(string name, long[] value)
    {
        initializers.Add(new Initializer(name, [value.Length], Int64Type, null, value));
        return name;
    }

    public string AddNode(string op, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = "v" + (counter++).ToString(CultureInfo.InvariantCulture);
        nodes.Add((op, inputs, output, attributes));
        return output;
    }

    /// <summary>Adds a node whose output is an image batch of <paramref name="shape"/> ([N, C, H, W]).</summary>
    public string AddImageNode(string op, string[] inputs, ImageShape shape, params OnnxAttribute[] attributes)
    {
        var output = AddNode(op, inputs, attributes);
        images[output] = shape;
        return output;
    }

    /// <summary>Adds an element-wise node: its output has the layout of <paramref name="inputs"/>' first value, and
    /// every input must share it (callers flatten first when they differ).</summary>
    public string AddElementwise(string op, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = AddNode(op, inputs, attributes);
        if (images.TryGetValue(inputs[0], out var shape))
        {
            images[output] = shape;
        }

        return output;
    }

    /// <summary>The image shape of a value, or null when it is flat.</summary>
    public ImageShape? Layout(string value) => images.TryGetValue(value, out var shape) ? shape : null;

    /// <summary>The value as an [N, C, H, W] batch of <paramref name="shape"/>: itself when it already is one, else a
    /// Reshape of it (a flat [N, C·H·W] batch is that image in NCHW order).</summary>
    public string AsImage(string value, ImageShape shape)
    {
        if (images.TryGetValue(value, out var current) && current == shape)
        {
            return value;
        }

        if (!shapeConstants.TryGetValue(shape, out var target))
        {
            target = AddInitializer($"shape_{shape.Channels}x{shape.Height}x{shape.Width}", [-1, shape.Channels, shape.Height, shape.Width]);
            shapeConstants[shape] = target;
        }

        return AddImageNode("Reshape", [value, target], shape);
    }

    /// <summary>The value as a flat [N, features] batch: itself when it is flat, else a Flatten (axis 1) of it.</summary>
    public string AsFlat(string value) =>
        images.ContainsKey(value) ? AddNode("Flatten", [value], OnnxAttribute.Int("axis", 1)) : value;

    public void AddNamedNode(string op, string[] inputs, string output) => nodes.Add((op, inputs, output, []));

    /// <summary>Writes the GraphProto fields.</summary>
    public void Write(ProtoWriter g, string name, string input, int inputWidth, string output)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            g.Message(1, n =>
            {
                foreach (var x in node.Inputs)
                {
                    n.String(1, x);
                }

                n.String(2, node.Output);
                n.String(3, $"{node.Op}_{i}");
                n.String(4, node.Op);
                foreach (var a in node.Attributes)
                {
                    n.Message(5, a.Write);
                }
            });
        }

        g.String(2, name);
        foreach (var init in initializers)
        {
            g.Message(5, t =>
            {
                foreach (var d in init.Dims)
                {
                    t.Varint(1, d);
                }

                t.Varint(2, init.DataType);
                t.String(8, init.Name);
                t.Bytes(9, init.Floats is { } f ? MemoryMarshal.AsBytes(f.AsSpan()) : MemoryMarshal.AsBytes(init.Longs.AsSpan()));
            });
        }

        g.Message(11, v => ValueInfo(v, input, inputWidth));
        g.Message(12, v => ValueInfo(v, output, null));
    }

    private static void ValueInfo(ProtoWriter v, string name, int? width)
    {
        v.String(1, name);
        v.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, 1);
            tensor.Message(2, shape =>
            {
                shape.Message(1, d => d.String(2, "batch"));
                shape.Message(1, d =>
                {
                    if (width is { } w)
                    {
                        d.Varint(1, w);
                    }
                    else
                    {
                        d.String(2, "features");
                    }
                });
            });
        }));
    }

    /// <summary>A constant tensor: float32 (raw little-endian floats) or int64 (shapes).</summary>
    private sealed record Initializer(string Name, long[] Dims, int DataType, float[]? Floats, long[]? Longs);
}
