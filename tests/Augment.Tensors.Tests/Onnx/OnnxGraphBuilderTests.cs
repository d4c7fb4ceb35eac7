using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;

namespace Augment.Tensors.Tests.Onnx;

public class OnnxGraphBuilderTests
{
    [Fact]
    public void ExportOnnx_Decoder_ReshapesOnceIntoImagesAndFlattensOnceOut()
    {
        // [z, class] → Linear → ReLU → ConvTranspose → BatchNorm → ReLU → ConvTranspose → Sigmoid: one Reshape where the
        // flat Linear output meets the first image layer, none between image layers, one Flatten before the output.
        var random = new Random(1);
        var seed = new ImageShape(8, 4, 4);
        var up1 = new ConvTranspose2d(seed, 4, 4, random, stride: 2, padding: 1);
        var up2 = new ConvTranspose2d(up1.OutputShape, 1, 4, random, stride: 2, padding: 1);
        var network = new Sequential(new Linear(6, seed.Size, random), new ReLU(), up1, new BatchNorm2d(up1.OutputShape), new ReLU(), up2, new Sigmoid());
        var graph = new OnnxGraphBuilder();

        var last = network.ExportOnnx(graph, "input", string.Empty);

        Assert.Equal(
            ["Gemm", "Relu", "Reshape", "ConvTranspose", "BatchNormalization", "Relu", "ConvTranspose", "Sigmoid"],
            graph.Operators);
        Assert.Equal(up2.OutputShape, graph.Layout(last));
        var output = graph.AsFlat(last);
        Assert.Equal("Flatten", graph.Operators.Last());
        Assert.Null(graph.Layout(output));
    }

    [Fact]
    public void AsImage_ReshapesOnlyWhenTheShapeChanges_AndAsFlatOnlyImages()
    {
        var graph = new OnnxGraphBuilder();
        var shape = new ImageShape(2, 3, 3);

        var image = graph.AsImage("input", shape);
        var same = graph.AsImage(image, shape);
        var other = graph.AsImage(image, new ImageShape(1, 6, 3));
        var flat = graph.AsFlat(other);

        Assert.Equal(image, same);
        Assert.NotEqual(image, other);
        Assert.Equal("input", graph.AsFlat("input"));
        Assert.Null(graph.Layout(flat));
        Assert.Equal(["Reshape", "Reshape", "Flatten"], graph.Operators);
    }
}
