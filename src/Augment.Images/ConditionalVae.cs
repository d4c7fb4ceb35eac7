using Augment.Synthesis;
using Augment.Synthesis.Neural;
using Augment.Tensors;
using Augment.Tensors.IO;
using Augment.Tensors.Layers;
using Augment.Tensors.Losses;
using Augment.Tensors.Onnx;
using Augment.Tensors.Optim;

namespace Augment.Images;

/// <summary>Settings for <see cref="ConditionalVae.Train"/>.</summary>
/// <param name="Seed">Initial weights, batch order and noise.</param>
/// <param name="Epochs">Passes over the training images (each at least <see cref="MinSteps"/> steps in all).</param>
/// <param name="MinSteps">The fewest optimiser steps, so a few hundred images still train.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Latent">Latent dimensions.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Beta">The weight of the KL term.</param>
/// <param name="Classic">Whether training batches are flipped and shifted, so a small set teaches more variety.</param>
public sealed record VaeOptions(
    int Seed = 1, int Epochs = 60, int MinSteps = 1500, int BatchSize = 64, int Latent = 16, float LearningRate = 1e-3f, float Beta = 1f, bool Classic = true);

/// <summary>
/// A class-conditional convolutional VAE (Kingma &amp; Welling 2014; conditioning as Sohn et al. 2015): the encoder
/// (two stride-2 4×4 convolutions, 32 and 64 channels, LeakyReLU 0.2) sees the image, and its flattened features
/// with the one-hot class give μ and log σ²; the decoder maps [z, one-hot class] through a linear layer to a 64-channel
/// quarter-size map and two stride-2 transposed convolutions (BatchNorm, ReLU) to pixel logits; the loss is Bernoulli
/// cross-entropy summed over pixels plus β·KL. Sampling draws z ~ N(0, I) from the seeded source and returns
/// sigmoid(logits) — the Bernoulli means, the smooth images a VAE is known for. The sampling network
/// ([z, one-hot class] → pixels, sigmoid included) exports to ONNX (<see cref="ExportOnnx"/>) and can run in
/// another engine (<see cref="Sample(IReadOnlyList{int}, long, IReadOnlyList{string}, INetworkEngine?)"/>): the noise and
/// classes stay ours, so the seed fixes the images whichever engine computes them.
/// </summary>
public sealed class ConditionalVae : IImageGenerator
{
    private readonly ImageShape shape;
    private readonly int classes;
    private readonly int latent;
    private readonly Sequential encoder;
    private readonly Linear encoderHead;
    private readonly Linear decoderInput;
    private readonly Sequential decoder;
    private readonly ImageShape seedShape;
    private readonly Sequential sampler;
    private readonly Lock samplerGate = new();

    private ConditionalVae(ImageShape shape, int classes, int latent, Random init)
    {
        if (shape.Height % 4 != 0 || shape.Width % 4 != 0)
        {
            throw new ArgumentException($"The VAE needs sides that divide by 4, got {shape}.", nameof(shape));
        }

        this.shape = shape;
        this.classes = classes;
        this.latent = latent;
        var conv1 = new Conv2d(shape, 32, 4, init, stride: 2, padding: 1);
        var conv2 = new Conv2d(conv1.OutputShape, 64, 4, init, stride: 2, padding: 1);
        encoder = new Sequential(conv1, new LeakyReLU(0.2f), conv2, new LeakyReLU(0.2f));
        encoderHead = new Linear(conv2.OutputShape.Size + classes, 2 * latent, init);
        seedShape = conv2.OutputShape;
        decoderInput = new Linear(latent + classes, seedShape.Size, init);
        var up1 = new ConvTranspose2d(seedShape, 32, 4, init, stride: 2, padding: 1);
        var up2 = new ConvTranspose2d(up1.OutputShape, shape.Channels, 4, init, stride: 2, padding: 1);
        decoder = new Sequential(new ReLU(), up1, new BatchNorm2d(up1.OutputShape), new ReLU(), up2);
        sampler = new Sequential(decoderInput, decoder, new Sigmoid());
    }

    /// <summary>Images per sampling batch: the unit of noise draws and of engine calls.</summary>
    public const int SampleChunk = GeneratorSampling.Chunk;

    /// <summary>Gets the shape of the images.</summary>
    public ImageShape Shape => shape;

    /// <summary>Gets the sampling network's input width: the latent noise followed by the one-hot class.</summary>
    public int NetworkInputWidth => latent + classes;

    /// <summary>Gets the sampling network: [z, one-hot class] → linear → transposed convolutions → sigmoid, one image
    /// per row. Sampling runs it in evaluation mode (batch normalisation by its running statistics, as the exported graph
    /// does); its forward pass is what another engine must reproduce.</summary>
    public Module DecoderNetwork => sampler;

    /// <inheritdoc />
    public double TrainSeconds { get; private set; }

    /// <summary>Gets the mean loss per image of the last epoch (reconstruction + β·KL, in nats).</summary>
    public double FinalLoss { get; private set; }

    /// <summary>Trains on the images.</summary>
    /// <param name="train">The training images.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives (step, steps, loss) every 100 steps.</param>
    /// <param name="cancellationToken">Checked every step.</param>
    public static ConditionalVae Train(ImageSet train, VaeOptions? options = null, Action<int, int, double>? progress = null, CancellationToken cancellationToken = default)
    {
        GeneratorTraining.Check(train, "VAE");
        options ??= new VaeOptions();
        var model = new ConditionalVae(train.Shape, train.Classes.Count, options.Latent, new Random(options.Seed));
        var adam = new Adam([.. model.encoder.Parameters(), .. model.encoderHead.Parameters(), .. model.decoderInput.Parameters(), .. model.decoder.Parameters()], options.LearningRate);
        var random = new RandomSource(options.Seed);
        var batchSize = Math.Min(options.BatchSize, train.Count);
        var stepsPerEpoch = Math.Max(1, train.Count / batchSize);
        var steps = Math.Max(options.MinSteps, options.Epochs * stepsPerEpoch);
        (model.FinalLoss, model.TrainSeconds) = GeneratorTraining.Run(train.Count, batchSize, steps, random, indices =>
        {
            var x = train.Batch(indices);
            if (options.Classic)
            {
                var augmented = train.Shape.NewBatch(batchSize);
                ClassicAugmentation.Apply(x.Data, augmented.Data, train.Shape, random);
                x = augmented;
            }

            var labels = new int[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                labels[i] = train.Labels[indices[i]];
            }

            adam.ZeroGrad();
            var loss = model.Step(x, labels, options.Beta, random);
            adam.Step();
            return loss;
        }, progress, cancellationToken);
        return model;
    }

    /// <summary>Writes the model (every weight and running statistic, and the shape, class count and latent width in the
    /// metadata) as safetensors.</summary>
    /// <param name="destination">The stream to write.</param>
    public void Save(Stream destination) =>
        SafeTensors.Write(destination, State(), GeneratorFile.Metadata(Format, shape, classes, latent));

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="source">The safetensors stream.</param>
    /// <exception cref="InvalidDataException">The file is not a conditional VAE of this version, or a tensor is missing.</exception>
    public static ConditionalVae Load(Stream source)
    {
        var (tensors, metadata) = SafeTensors.Read(source);
        return Load(tensors, metadata);
    }

    internal static ConditionalVae Load(Dictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var (shape, classes, latent) = GeneratorFile.Header(metadata, Format, "ConditionalVae.Save");
        var model = new ConditionalVae(shape, classes, latent, new Random(0));
        model.encoder.LoadState(GeneratorFile.Part(tensors, "encoder"));
        model.encoderHead.LoadState(GeneratorFile.Part(tensors, "encoder_head"));
        model.decoderInput.LoadState(GeneratorFile.Part(tensors, "decoder_input"));
        model.decoder.LoadState(GeneratorFile.Part(tensors, "decoder"));
        return model;
    }

    /// <summary>Writes the sampling network (<see cref="DecoderNetwork"/>, batch normalisation in its running-statistics
    /// form) as an ONNX model: input <c>input</c> [batch, <see cref="NetworkInputWidth"/>] = [z, one-hot class], output
    /// <c>output</c> [batch, C·H·W] = pixels in [0, 1], NCHW.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    public void ExportOnnx(Stream destination) => OnnxExporter.Export(sampler, NetworkInputWidth, destination, "conditional_vae_decoder");

    /// <inheritdoc />
    public ImageSet Sample(IReadOnlyList<int> perClass, long seed, IReadOnlyList<string> classNames) => Sample(perClass, seed, classNames, null);

    /// <summary>
    /// Draws <paramref name="perClass"/>[c] images of every class c: the labels in class order, z ~ N(0, I) from the
    /// seeded source in <see cref="SampleChunk"/>-image batches, each batch's [z, one-hot] rows run through
    /// <paramref name="engine"/> (batches in parallel: an engine must be thread-safe), or through our own forward pass
    /// (one batch at a time) when it is null. The inputs depend on the seed only, so engines that compute the same
    /// network give the same images.
    /// </summary>
    /// <param name="perClass">Images to draw per class.</param>
    /// <param name="seed">The noise seed: the same seed gives the same images.</param>
    /// <param name="classNames">The class names of the result.</param>
    /// <param name="engine">Computes <see cref="DecoderNetwork"/> (e.g. ONNX Runtime on the exported graph); null for ours.</param>
    public ImageSet Sample(IReadOnlyList<int> perClass, long seed, IReadOnlyList<string> classNames, INetworkEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var labels = GeneratorSampling.Labels(perClass);
        var width = NetworkInputWidth;
        var inputs = new float[labels.Length * width];
        var random = new RandomSource(seed);
        var z = new float[SampleChunk * latent];
        for (var start = 0; start < labels.Length; start += SampleChunk)
        {
            var n = Math.Min(SampleChunk, labels.Length - start);
            random.FillNormal(z.AsSpan(0, n * latent));
            for (var i = 0; i < n; i++)
            {
                var row = inputs.AsSpan((start + i) * width, width);
                z.AsSpan(i * latent, latent).CopyTo(row);
                row[latent + labels[start + i]] = 1f;
            }
        }

        var pixels = GeneratorSampling.Run(inputs, labels.Length, width, shape.Size, engine, sampler, samplerGate);
        return new ImageSet(shape, pixels, labels, classNames);
    }

    private const string Format = "augment.conditional-vae.v1";

    private IEnumerable<(string Name, Tensor Tensor)> State() =>
        encoder.State("encoder").Concat(encoderHead.State("encoder_head")).Concat(decoderInput.State("decoder_input")).Concat(decoder.State("decoder"));

    /// <summary>One forward and backward pass; returns the mean loss per image.</summary>
    private double Step(Tensor x, int[] labels, float beta, RandomSource random)
    {
        var n = x.Rows;
        var features = encoder.Forward(x);
        var width = features.Columns;
        var headInput = new Tensor(n, width + classes);
        for (var i = 0; i < n; i++)
        {
            features.Row(i).CopyTo(headInput.Row(i));
            headInput[i, width + labels[i]] = 1f;
        }

        var stats = encoderHead.Forward(headInput);
        var mu = new Tensor(n, latent);
        var logVar = new Tensor(n, latent);
        var eps = new Tensor(n, latent);
        random.FillNormal(eps.Data);
        var z = new Tensor(n, latent);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < latent; j++)
            {
                mu[i, j] = stats[i, j];
                logVar[i, j] = Math.Clamp(stats[i, latent + j], -10f, 10f);
                z[i, j] = mu[i, j] + (MathF.Exp(0.5f * logVar[i, j]) * eps[i, j]);
            }
        }

        var logits = Decode(z, labels);

        // Bernoulli cross-entropy with logits, summed over pixels and averaged over images: ∂/∂logit = (σ(l) − x) / n.
        var gradLogits = new Tensor([.. logits.Shape]);
        double reconstruction = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var l = logits.Data[i];
            var t = x.Data[i];
            reconstruction += Math.Max(l, 0) - (l * t) + Math.Log(1 + Math.Exp(-Math.Abs(l)));
            gradLogits.Data[i] = ((1f / (1f + MathF.Exp(-l))) - t) / n;
        }

        var gradLogVar = new Tensor(n, latent);
        var kl = Loss.KlStandardNormal(mu, logVar, gradLogVar);

        // Back through the decoder to z, then through the reparameterisation to μ and log σ².
        var gradSeed = decoder.Backward(gradLogits);
        var gradDecoderInput = decoderInput.Backward(gradSeed);
        var gradStats = new Tensor(n, 2 * latent);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < latent; j++)
            {
                var gz = gradDecoderInput[i, j];
                gradStats[i, j] = gz + (beta * kl.Gradient[i, j]);
                var raw = stats[i, latent + j];
                var clamped = raw is > -10f and < 10f;
                gradStats[i, latent + j] = clamped ? (gz * 0.5f * MathF.Exp(0.5f * logVar[i, j]) * eps[i, j]) + (beta * gradLogVar[i, j]) : 0f;
            }
        }

        var gradHeadInput = encoderHead.Backward(gradStats);
        var gradFeatures = new Tensor([.. features.Shape]);
        for (var i = 0; i < n; i++)
        {
            gradHeadInput.Row(i)[..width].CopyTo(gradFeatures.Row(i));
        }

        encoder.Backward(gradFeatures);
        return (reconstruction / n) + (beta * kl.Value);
    }

    private Tensor Decode(Tensor z, ReadOnlySpan<int> labels)
    {
        var n = z.Rows;
        var input = new Tensor(n, latent + classes);
        for (var i = 0; i < n; i++)
        {
            z.Row(i).CopyTo(input.Row(i));
            input[i, latent + labels[i]] = 1f;
        }

        var seed = decoderInput.Forward(input);
        return decoder.Forward(seed.Reshape(n, seedShape.Channels, seedShape.Height, seedShape.Width));
    }
}
