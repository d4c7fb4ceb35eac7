using Augment.Synthesis.Neural;
using Augment.Tensors.IO;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>The class-conditional image generators the product can train.</summary>
public enum ImageGeneratorKind
{
    /// <summary><see cref="ConditionalVae"/>.</summary>
    Vae,

    /// <summary><see cref="ConditionalGan"/>.</summary>
    Gan,
}

/// <summary>A trained class-conditional image generator.</summary>
public interface IImageGenerator
{
    /// <summary>Gets the seconds training took.</summary>
    double TrainSeconds { get; }

    /// <summary>Gets the generator's own training loss at the end (its meaning depends on the kind).</summary>
    double FinalLoss { get; }

    /// <summary>Gets the shape of the images.</summary>
    ImageShape Shape { get; }

    /// <summary>Gets the sampling network's input width: the noise followed by the one-hot class (its output width is
    /// <see cref="Shape"/>'s size).</summary>
    int NetworkInputWidth { get; }

    /// <summary>Draws <paramref name="perClass"/>[c] images of every class c with our own forward pass.</summary>
    /// <param name="perClass">Images to draw per class.</param>
    /// <param name="seed">The noise seed: the same seed gives the same images.</param>
    /// <param name="classNames">The class names of the result.</param>
    ImageSet Sample(IReadOnlyList<int> perClass, long seed, IReadOnlyList<string> classNames);

    /// <summary>Draws the same images as <see cref="Sample(IReadOnlyList{int}, long, IReadOnlyList{string})"/> — the
    /// noise and one-hot rows built from the seed first — with the sampling network computed by
    /// <paramref name="engine"/> (e.g. ONNX Runtime on the graph <see cref="ExportOnnx"/> wrote), or by our own forward
    /// pass when it is null.</summary>
    /// <param name="perClass">Images to draw per class.</param>
    /// <param name="seed">The noise seed: the same seed gives the same images.</param>
    /// <param name="classNames">The class names of the result.</param>
    /// <param name="engine">Computes the sampling network; called from several threads at once.</param>
    ImageSet Sample(IReadOnlyList<int> perClass, long seed, IReadOnlyList<string> classNames, INetworkEngine? engine);

    /// <summary>Writes the sampling network ([noise, one-hot class] → pixels, batch normalisation by its running
    /// statistics, as sampling runs it) as an ONNX model: input <c>input</c> [batch, <see cref="NetworkInputWidth"/>],
    /// output <c>output</c> [batch, C·H·W] in [0, 1], NCHW.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    void ExportOnnx(Stream destination);

    /// <summary>Writes the model as safetensors (its format named in the metadata).</summary>
    /// <param name="destination">The stream to write.</param>
    void Save(Stream destination);
}

/// <summary>Trains or loads either generator by kind.</summary>
public static class ImageGenerators
{
    /// <summary>Trains a generator of the given kind with its defaults, <paramref name="steps"/> optimiser steps and the seed.</summary>
    /// <param name="kind">Which generator.</param>
    /// <param name="train">The training images.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="steps">Optimiser steps (the VAE's minimum; the GAN's count of generator and discriminator updates).</param>
    /// <param name="progress">Receives (step, steps, loss) every 100 steps (the VAE's loss per image, the GAN's
    /// discriminator loss); null for none.</param>
    /// <param name="cancellationToken">Checked every step.</param>
    public static IImageGenerator Train(ImageGeneratorKind kind, ImageSet train, int seed, int steps, Action<int, int, double>? progress = null, CancellationToken cancellationToken = default) =>
        kind switch
        {
            ImageGeneratorKind.Vae => ConditionalVae.Train(train, new VaeOptions(Seed: seed, Epochs: 1, MinSteps: steps), progress, cancellationToken),
            ImageGeneratorKind.Gan => ConditionalGan.Train(train, new GanOptions(Seed: seed, Steps: steps), progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown image generator."),
        };

    /// <summary>Reads a model written by either generator's <c>Save</c>, choosing by the format in its metadata.</summary>
    /// <param name="source">The safetensors stream.</param>
    /// <exception cref="InvalidDataException">The file is neither generator's.</exception>
    public static IImageGenerator Load(Stream source)
    {
        var (tensors, metadata) = SafeTensors.Read(source);
        return ConditionalGan.IsFormat(metadata) ? ConditionalGan.Load(tensors, metadata) : ConditionalVae.Load(tensors, metadata);
    }
}
