using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Tensors.Onnx;

/// <summary>Collects the nodes and initializers of one ONNX graph while modules export themselves.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<(string Op, string[] Inputs, string Output, OnnxAttribute[] Attributes)> nodes = [];
    private readonly List<(string Name, Tensor Value)> initializers = [];
    private int counter;

    public int NodeCount => nodes.Count;

    public string AddInitializer(string name, Tensor value)
    {
        initializers.Add((name, value));
        return name;
    }

    public string AddNode(string op, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = "v" + (counter++).ToString(CultureInfo.InvariantCulture);
        nodes.Add((op, inputs, output, attributes));
        return output;
    }

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
        foreach (var (initName, value) in initializers)
        {
            g.Message(5, t =>
            {
                foreach (var d in value.Shape)
                {
                    t.Varint(1, d);
                }

                t.Varint(2, 1);
                t.String(8, initName);
                t.Bytes(9, MemoryMarshal.AsBytes(value.Data.AsSpan()));
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
}
