using Augment.Tensors.Layers;

namespace Augment.Tensors.Onnx;

/// <summary>
/// Writes a network as an ONNX model: IR version 8, opset 17, float32 input <c>input</c> [batch, width] and output
/// <c>output</c> [batch, features]. Any module graph of these exports: Linear (Gemm), BatchNorm1d and BatchNorm2d in
/// their evaluation form (running statistics), ReLU/LeakyReLU/Tanh/Sigmoid/SiLU, Dropout as identity, residual and
/// concatenating blocks, Sequential, and the image layers Conv2d (Conv), ConvTranspose2d (ConvTranspose with its
/// output_padding), Upsample2d (Resize, nearest, asymmetric/floor) and AvgPool2d (AveragePool). Between flat and image
/// layers the graph gets the Reshape / Flatten our flat NCHW batches imply; an image output is flattened, so
/// <c>output</c> is always [batch, C·H·W] like our forward pass.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX IR version written.</summary>
    public const int IrVersion = 8;

    /// <summary>The default-domain opset written.</summary>
    public const int Opset = 17;

    /// <summary>Writes <paramref name="network"/> as an ONNX model.</summary>
    /// <param name="network">The network.</param>
    /// <param name="inputWidth">The number of input features.</param>
    /// <param name="destination">The stream to write to; left open.</param>
    /// <param name="graphName">The graph's name.</param>
    /// <exception cref="NotSupportedException">A module has no ONNX form.</exception>
    public static void Export(Module network, int inputWidth, Stream destination, string graphName = "generator")
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(destination);
        var builder = new OnnxGraphBuilder();
        var last = network.ExportOnnx(builder, "input", string.Empty);
        builder.AddNamedNode("Identity", [builder.AsFlat(last)], "output");
        var model = new ProtoWriter();
        model.Varint(1, IrVersion);
        model.String(2, "Augment.Tensors");
        model.String(3, "1");
        model.Message(7, g => builder.Write(g, graphName, "input", inputWidth, "output"));
        model.Message(8, o =>
        {
            o.String(1, string.Empty);
            o.Varint(2, Opset);
        });
        destination.Write(model.ToArray());
    }
}
