using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>
/// The projection discriminator of <see cref="ConditionalGan"/> (Miyato &amp; Koyama 2018): features
/// φ(x) = LeakyReLU(Linear(LeakyReLU(Conv 4×4 s2 (2w)(LeakyReLU(Conv 4×4 s2 (w)(x)))))), and the score
/// D(x, y) = ψ·φ(x) + b + ⟨e_y, φ(x)⟩ with a learned class embedding e. Every weight (both convolutions, the feature and
/// output layers, the embedding table) is spectrally normalised, so the score is close to 1-Lipschitz in the image.
/// </summary>
internal sealed class GanDiscriminator
{
    private readonly Sequential features;
    private readonly SpectralNorm output;
    private readonly SpectralNorm embedding;
    private Tensor? phi;
    private Tensor? classVectors;

    public GanDiscriminator(ImageShape shape, int classes, int width, Random init)
    {
        var conv1 = new Conv2d(shape, width, 4, init, stride: 2, padding: 1);
        var conv2 = new Conv2d(conv1.OutputShape, 2 * width, 4, init, stride: 2, padding: 1);
        var dense = new Linear(conv2.OutputShape.Size, 4 * width, init);
        features = new Sequential(
            new SpectralNorm(conv1, conv1.Weight, init), new LeakyReLU(0.2f),
            new SpectralNorm(conv2, conv2.Weight, init), new LeakyReLU(0.2f),
            new SpectralNorm(dense, dense.Weight, init), new LeakyReLU(0.2f));
        var head = new Linear(4 * width, 1, init);
        output = new SpectralNorm(head, head.Weight, init);
        var table = new Embedding(classes, 4 * width, init);
        embedding = new SpectralNorm(table, table.Weight, init);
    }

    /// <summary>Gets or sets whether a forward pass takes a power-iteration step (the discriminator's own update) or
    /// leaves u and v as they are (the generator's update).</summary>
    public bool Training
    {
        get => features.Training;
        set
        {
            features.Training = value;
            output.Training = value;
            embedding.Training = value;
        }
    }

    public IEnumerable<Parameter> Parameters() => [.. features.Parameters(), .. output.Parameters(), .. embedding.Parameters()];

    public IEnumerable<(string Name, Tensor Tensor)> State(string prefix) =>
        features.State(prefix + ".features").Concat(output.State(prefix + ".output")).Concat(embedding.State(prefix + ".embedding"));

    public void LoadState(Dictionary<string, Tensor> tensors, string prefix)
    {
        features.LoadState(GeneratorFile.Part(tensors, prefix + ".features"));
        output.LoadState(GeneratorFile.Part(tensors, prefix + ".output"));
        embedding.LoadState(GeneratorFile.Part(tensors, prefix + ".embedding"));
    }

    /// <summary>One score per image.</summary>
    public float[] Forward(Tensor images, ReadOnlySpan<int> labels)
    {
        var n = images.Rows;
        phi = features.Forward(images);
        var ids = new Tensor(n);
        for (var i = 0; i < n; i++)
        {
            ids.Data[i] = labels[i];
        }

        classVectors = embedding.Forward(ids);
        var linear = output.Forward(phi);
        var scores = new float[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = linear.Data[i] + System.Numerics.Tensors.TensorPrimitives.Dot(phi.Row(i), classVectors.Row(i));
        }

        return scores;
    }

    /// <summary>Back-propagates ∂L/∂score to the parameters and returns ∂L/∂image.</summary>
    public Tensor Backward(float[] gradScores)
    {
        var f = phi ?? throw new InvalidOperationException("Backward called before Forward.");
        var e = classVectors!;
        var n = gradScores.Length;
        var gradPhi = output.Backward(new Tensor((float[])gradScores.Clone(), n, 1));
        var gradE = new Tensor(n, e.Columns);
        for (var i = 0; i < n; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(e.Row(i), gradScores[i], gradPhi.Row(i), gradPhi.Row(i));
            System.Numerics.Tensors.TensorPrimitives.Multiply(f.Row(i), gradScores[i], gradE.Row(i));
        }

        embedding.Backward(gradE);
        return features.Backward(gradPhi);
    }
}
