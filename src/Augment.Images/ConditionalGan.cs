using Augment.Synthesis;
using Augment.Synthesis.Neural;
using Augment.Tensors;
using Augment.Tensors.IO;
using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;
using Augment.Tensors.Optim;

namespace Augment.Images;

/// <summary>Settings for <see cref="ConditionalGan.Train"/>.</summary>
/// <param name="Seed">Initial weights, batch order, noise, fake labels and augmentation draws.</param>
/// <param name="Steps">Updates of each network (one discriminator and one generator step per batch).</param>
/// <param name="BatchSize">Real images per step (and as many fake ones).</param>
/// <param name="Latent">Noise dimensions.</param>
/// <param name="Width">Channels of the generator's last hidden map and the discriminator's first (doubled once).</param>
/// <param name="LearningRate">Adam's step size, both networks.</param>
/// <param name="Beta1">Adam's β1 (0.5, as DCGAN).</param>
/// <param name="Beta2">Adam's β2.</param>
/// <param name="Augment">The differentiable augmentation applied to every image the discriminator sees.</param>
public sealed record GanOptions(
    int Seed = 1, int Steps = 3000, int BatchSize = 64, int Latent = 64, int Width = 32, float LearningRate = 2e-4f, float Beta1 = 0.5f,
    float Beta2 = 0.999f, DiffAugmentPolicy Augment = DiffAugmentPolicy.All);

/// <summary>
/// A class-conditional DCGAN for small labelled image sets. Generator: [z, one-hot class] → linear → 2w × ¼-size map
/// → BatchNorm, ReLU → 4×4 stride-2 transposed convolution (w) → BatchNorm, ReLU → 4×4 stride-2 transposed convolution
/// → sigmoid pixels (one <see cref="Sequential"/> of standard layers, so it can be exported as it is). Discriminator:
/// <see cref="GanDiscriminator"/> (spectrally normalised convolutions, projection of the class). Hinge loss;
/// <see cref="DiffAugment"/> on real and fake images alike before the discriminator (Zhao et al. 2020), so a few hundred
/// images do not let it memorise the training set; Adam for both. Sampling runs the generator with BatchNorm's running
/// statistics, which were gathered on the same prior the samples are drawn from; the generator exports to ONNX in that
/// form (<see cref="ExportOnnx"/>) and can run in another engine
/// (<see cref="Sample(IReadOnlyList{int}, long, IReadOnlyList{string}, INetworkEngine?)"/>): the noise and classes stay
/// ours, so the seed fixes the images whichever engine computes them.
/// </summary>
public sealed class ConditionalGan : IImageGenerator
{
    private const string Format = "augment.conditional-gan.v1";
    private readonly ImageShape shape;
    private readonly int classes;
    private readonly int latent;
    private readonly int width;
    private readonly Sequential generator;
    private readonly GanDiscriminator discriminator;
    private readonly Lock samplerGate = new();

    private ConditionalGan(ImageShape shape, int classes, int latent, int width, Random init)
    {
        if (shape.Height % 4 != 0 || shape.Width % 4 != 0)
        {
            throw new ArgumentException($"The GAN needs sides that divide by 4, got {shape}.", nameof(shape));
        }

        this.shape = shape;
        this.classes = classes;
        this.latent = latent;
        this.width = width;
        var seedShape = new ImageShape(2 * width, shape.Height / 4, shape.Width / 4);
        var up1 = new ConvTranspose2d(seedShape, width, 4, init, stride: 2, padding: 1);
        var up2 = new ConvTranspose2d(up1.OutputShape, shape.Channels, 4, init, stride: 2, padding: 1);
        generator = new Sequential(
            new Linear(latent + classes, seedShape.Size, init), new BatchNorm2d(seedShape), new ReLU(),
            up1, new BatchNorm2d(up1.OutputShape), new ReLU(),
            up2, new Sigmoid());
        discriminator = new GanDiscriminator(shape, classes, width, init);
    }

    /// <inheritdoc />
    public double TrainSeconds { get; private set; }

    /// <summary>Gets the mean discriminator hinge loss over the last 100 steps (2 when it cannot tell real from fake
    /// at all, 0 when it separates them by the margin).</summary>
    public double FinalLoss { get; private set; }

    /// <summary>Gets the generator: input [z (latent), one-hot class] per row, output pixels in (0, 1) — the network an
    /// ONNX export needs.</summary>
    public Module Generator => generator;

    /// <summary>Gets the noise dimensions.</summary>
    public int Latent => latent;

    /// <summary>Gets the shape of the images.</summary>
    public ImageShape Shape => shape;

    /// <summary>Gets the generator's input width: the noise followed by the one-hot class.</summary>
    public int NetworkInputWidth => latent + classes;

    /// <summary>Trains on the images.</summary>
    /// <param name="train">The training images.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives (step, steps, discriminator loss) every 100 steps.</param>
    /// <param name="cancellationToken">Checked every step.</param>
    public static ConditionalGan Train(ImageSet train, GanOptions? options = null, Action<int, int, double>? progress = null, CancellationToken cancellationToken = default)
    {
        GeneratorTraining.Check(train, "GAN");
        options ??= new GanOptions();
        var model = new ConditionalGan(train.Shape, train.Classes.Count, options.Latent, options.Width, new Random(options.Seed));
        var adamG = new Adam(model.generator.Parameters(), options.LearningRate, options.Beta1, options.Beta2);
        var adamD = new Adam(model.discriminator.Parameters(), options.LearningRate, options.Beta1, options.Beta2);
        var random = new RandomSource(options.Seed);
        (model.FinalLoss, model.TrainSeconds) = GeneratorTraining.Run(train.Count, Math.Min(options.BatchSize, train.Count), options.Steps, random, indices =>
        {
            var n = indices.Length;
            var labels = new int[2 * n];
            for (var i = 0; i < n; i++)
            {
                labels[i] = train.Labels[indices[i]];
                labels[n + i] = labels[i];
            }

            // The fakes get the real batch's classes, so both halves have the same class mix.
            var fake = model.generator.Forward(model.Input(labels.AsSpan(n, n), random));
            var loss = model.DiscriminatorStep(train.Batch(indices), fake, labels, options.Augment, random, adamD);
            model.GeneratorStep(fake, labels.AsSpan(n, n), options.Augment, random, adamG);
            return loss;
        }, progress, cancellationToken);
        return model;
    }

    /// <summary>Writes the generator (<see cref="Generator"/>, BatchNorm in its running-statistics form — the evaluation
    /// mode sampling uses) as an ONNX model: input <c>input</c> [batch, <see cref="NetworkInputWidth"/>] = [z, one-hot
    /// class], output <c>output</c> [batch, C·H·W] = pixels in (0, 1), NCHW.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    public void ExportOnnx(Stream destination) => OnnxExporter.Export(generator, NetworkInputWidth, destination, "conditional_gan_generator");

    /// <inheritdoc />
    public ImageSet Sample(IReadOnlyList<int> perClass, long seed, IReadOnlyList<string> classNames) => Sample(perClass, seed, classNames, null);

    /// <summary>
    /// Draws <paramref name="perClass"/>[c] images of every class c: the labels in class order, one z ~ N(0, I) per image
    /// from the seeded source (image by image) with its one-hot class, all rows built first; then the rows run through
    /// <paramref name="engine"/> in <see cref="ConditionalVae.SampleChunk"/>-image batches (in parallel: an engine must be
    /// thread-safe), or through our own forward pass of <see cref="Generator"/> in evaluation mode (BatchNorm's running
    /// statistics) when it is null. The seed fixes the images whichever engine computes them.
    /// </summary>
    /// <param name="perClass">Images to draw per class.</param>
    /// <param name="seed">The noise seed: the same seed gives the same images.</param>
    /// <param name="classNames">The class names of the result.</param>
    /// <param name="engine">Computes <see cref="Generator"/> (e.g. ONNX Runtime on the exported graph); null for ours.</param>
    public ImageSet Sample(IReadOnlyList<int> perClass, long seed, IReadOnlyList<string> classNames, INetworkEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var labels = GeneratorSampling.Labels(perClass);
        var inputs = Input(labels, new RandomSource(seed));
        var pixels = GeneratorSampling.Run(inputs.Data, labels.Length, NetworkInputWidth, shape.Size, engine, generator, samplerGate);
        return new ImageSet(shape, pixels, labels, classNames);
    }

    /// <summary>Writes both networks (weights, running statistics, spectral-norm vectors) and the shape, class count,
    /// latent and width as safetensors.</summary>
    /// <param name="destination">The stream to write.</param>
    public void Save(Stream destination) =>
        SafeTensors.Write(destination, generator.State("generator").Concat(discriminator.State("discriminator")), GeneratorFile.Metadata(Format, shape, classes, latent, ("base_width", width)));

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="source">The safetensors stream.</param>
    /// <exception cref="InvalidDataException">The file is not a conditional GAN of this version, or a tensor is missing.</exception>
    public static ConditionalGan Load(Stream source)
    {
        var (tensors, metadata) = SafeTensors.Read(source);
        return Load(tensors, metadata);
    }

    internal static bool IsFormat(IReadOnlyDictionary<string, string> metadata) => GeneratorFile.IsFormat(metadata, Format);

    internal static ConditionalGan Load(Dictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var (shape, classes, latent) = GeneratorFile.Header(metadata, Format, "ConditionalGan.Save");
        var model = new ConditionalGan(shape, classes, latent, GeneratorFile.Int(metadata, "base_width"), new Random(0));
        model.generator.LoadState(GeneratorFile.Part(tensors, "generator"));
        model.discriminator.LoadState(tensors, "discriminator");
        return model;
    }

    /// <summary>[z ~ N(0, I), one-hot class] per row.</summary>
    private Tensor Input(ReadOnlySpan<int> labels, RandomSource random)
    {
        var input = new Tensor(labels.Length, latent + classes);
        var z = new float[latent];
        for (var i = 0; i < labels.Length; i++)
        {
            random.FillNormal(z);
            z.CopyTo(input.Row(i));
            input[i, latent + labels[i]] = 1f;
        }

        return input;
    }

    /// <summary>Hinge loss on one augmented batch of [real, fake]: mean max(0, 1 − D(real)) + mean max(0, 1 + D(fake));
    /// one power-iteration step per spectrally normalised weight. Returns the loss.</summary>
    private double DiscriminatorStep(Tensor real, Tensor fake, int[] labels, DiffAugmentPolicy policy, RandomSource random, Adam adam)
    {
        var n = real.Rows;
        var both = shape.NewBatch(2 * n);
        real.Data.CopyTo(both.Data, 0);
        fake.Data.CopyTo(both.Data, n * shape.Size);
        var augment = DiffAugment.Draw(2 * n, shape, policy, random);
        adam.ZeroGrad();
        discriminator.Training = true;
        var scores = discriminator.Forward(augment.Forward(both), labels);
        var grad = new float[2 * n];
        double loss = 0;
        for (var i = 0; i < 2 * n; i++)
        {
            var margin = i < n ? 1f - scores[i] : 1f + scores[i];
            if (margin > 0)
            {
                loss += margin / n;
                grad[i] = (i < n ? -1f : 1f) / n;
            }
        }

        discriminator.Backward(grad);
        adam.Step();
        return loss;
    }

    /// <summary>Generator loss −mean D(augment(fake)), back through the discriminator (u and v held) and the augmentation.</summary>
    private void GeneratorStep(Tensor fake, ReadOnlySpan<int> labels, DiffAugmentPolicy policy, RandomSource random, Adam adam)
    {
        var n = fake.Rows;
        var augment = DiffAugment.Draw(n, shape, policy, random);
        discriminator.Training = false;
        adam.ZeroGrad();
        discriminator.Forward(augment.Forward(fake), labels);
        var grad = new float[n];
        Array.Fill(grad, -1f / n);
        generator.Backward(augment.Backward(discriminator.Backward(grad)));
        adam.Step();
    }
}
