using Augment.Tensors.Onnx;

namespace Augment.Tensors.Layers;

/// <summary>Inverted dropout: in training, zeroes each value with probability p and scales the rest by 1/(1−p).</summary>
public sealed class Dropout : Module
{
    private readonly Random random;
    private float[]? mask;

    /// <summary>Creates the layer.</summary>
    /// <param name="probability">The drop probability, in [0, 1).</param>
    /// <param name="seed">The seed of the masks: the same seed and calls give the same masks.</param>
    public Dropout(float probability, int seed)
    {
        if (probability is < 0f or >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The drop probability must be in [0, 1).");
        }

        Probability = probability;
        random = new Random(seed);
    }

    /// <summary>Gets the drop probability.</summary>
    public float Probability { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Training || Probability == 0f)
        {
            mask = null;
            return input.Clone();
        }

        var keep = 1f / (1f - Probability);
        mask = new float[input.Length];
        var output = new Tensor([.. input.Shape]);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextSingle() >= Probability ? keep : 0f;
            output.Data[i] = input.Data[i] * mask[i];
        }

        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (mask is null)
        {
            return gradOutput.Clone();
        }

        var grad = new Tensor([.. gradOutput.Shape]);
        System.Numerics.Tensors.TensorPrimitives.Multiply(gradOutput.Data, mask, grad.Data);
        return grad;
    }

    internal override string ExportOnnx(OnnxGraphBuilder graph, string input, string prefix) => input;
}
