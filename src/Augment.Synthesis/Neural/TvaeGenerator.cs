using Augment.Data;
using Augment.Synthesis.Transforms;
using Augment.Tensors;
using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;

namespace Augment.Synthesis.Neural;

/// <summary>
/// TVAE (Xu et al. 2019) made conditional: an encoder (x, c) → (μ, log σ²), a decoder (z, c) → transformed row, trained
/// on the mode-specific normalised table with a Gaussian NLL for scalars (learned σ per output), cross-entropy for
/// one-hot groups and the KL to N(0, I). The condition c is CTGAN's conditional vector (one category of one categorical
/// column of the row, or all zero for a quarter of the rows), so sampling works both unconditionally and for a class.
/// Unlike the original, sampling draws each one-hot group from its softmax instead of taking the argmax: with a short
/// training budget argmax decoding drops minor categories.
/// </summary>
public sealed partial class TvaeGenerator : IOnnxSampleable
{
    /// <summary>The model's name in specs and the catalog.</summary>
    public const string Kind = "tvae";

    /// <summary>The <c>format</c> of its model file manifest.</summary>
    public const string FormatName = "augment.tvae";

    private readonly DataTransformer transformer;
    private readonly ConditionSpace conditions;
    private readonly Sequential decoder;
    private readonly float[] sigma;
    private readonly int latent;
    private readonly int hidden;
    private readonly long seed;

    private TvaeGenerator(DataTransformer transformer, ConditionSpace conditions, Sequential decoder, float[] sigma, int latent, int hidden, long seed, TrainingMetrics? metrics)
    {
        this.transformer = transformer;
        this.conditions = conditions;
        this.decoder = decoder;
        this.decoder.Training = false;
        this.sigma = sigma;
        this.latent = latent;
        this.hidden = hidden;
        this.seed = seed;
        Metrics = metrics;
    }

    /// <inheritdoc/>
    public string ModelKind => Kind;

    /// <summary>Gets what training measured.</summary>
    public TrainingMetrics? Metrics { get; }

    /// <summary>Gets the decoder network (latent + condition → transformed row), e.g. for ONNX export.</summary>
    public Module DecoderNetwork => decoder;

    /// <inheritdoc/>
    public int NetworkInputWidth => latent + conditions.Width;

    /// <inheritdoc/>
    public int NetworkOutputWidth => transformer.Width;

    /// <inheritdoc/>
    public void ExportOnnx(Stream destination) => OnnxExporter.Export(decoder, NetworkInputWidth, destination, "tvae_decoder");

    /// <inheritdoc/>
    public DataTable Sample(int rows, int seed, SampleCondition? condition = null) => Sample(rows, seed, condition, null);

    /// <inheritdoc/>
    public DataTable Sample(int rows, int seed, SampleCondition? condition, INetworkEngine? engine)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var forced = condition is null ? ((int Column, int Category)?)null : conditions.Resolve(condition);
        var data = NeuralOps.SampleBlocks(rows, transformer.Width, seed, () => engine is null ? NeuralOps.Copy(decoder, NewDecoder) : null, (network, b, random) =>
        {
            var z = NeuralOps.Normal(b, latent, random);
            var cols = new int[b];
            var cats = new int[b];
            Array.Fill(cols, forced?.Column ?? -1);
            Array.Fill(cats, forced?.Category ?? 0);
            var input = NeuralOps.Concat(z, NeuralOps.ConditionMatrix(conditions, cols, cats));
            var output = network is null ? NeuralOps.Run(engine!, input, transformer.Width) : network.Forward(input);
            foreach (var s in transformer.Spans.Where(s => s.Kind == SpanKind.Scalar))
            {
                for (var i = 0; i < b; i++)
                {
                    var v = MathF.Tanh(output[i, s.Offset]) + (sigma[s.Offset] * (float)random.NextNormal());
                    output[i, s.Offset] = Math.Clamp(v, -1f, 1f);
                }
            }

            NeuralOps.SampleGroups(output, transformer.Spans, random);
            if (forced is { } f)
            {
                NeuralOps.Force(output, conditions.Span(f.Column), f.Category);
            }

            return output;
        });

        return transformer.InverseTransform(data);
    }

    /// <inheritdoc/>
    public void Save(Stream destination) =>
        NeuralModelFile.Write(
            destination, FormatName, transformer, seed,
            new() { ["latent"] = latent, ["hidden"] = hidden },
            Metrics,
            [.. decoder.State("decoder"), ("sigma", new Tensor(sigma, sigma.Length)), ("condition.frequency", new Tensor(conditions.Frequencies, conditions.Width))]);

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid TVAE model file of a supported version.</exception>
    public static TvaeGenerator Load(Stream source)
    {
        var (manifest, transformer, tensors) = NeuralModelFile.Read(source, FormatName);
        var latent = NeuralModelFile.Hyper(manifest, "latent");
        var hidden = NeuralModelFile.Hyper(manifest, "hidden");
        var frequencies = tensors.TryGetValue("condition.frequency", out var f) ? f.Data : throw new InvalidDataException("The model file has no condition frequencies.");
        var conditions = new ConditionSpace(transformer, frequencies);
        var decoder = Decoder(latent + conditions.Width, hidden, transformer.Width, new Random(0));
        decoder.LoadState(tensors.Where(t => t.Key.StartsWith("decoder.", StringComparison.Ordinal)).ToDictionary(t => t.Key["decoder.".Length..], t => t.Value));
        var sigma = NeuralModelFile.Take(tensors, "sigma", transformer.Width).Data;
        return new TvaeGenerator(transformer, conditions, decoder, sigma, latent, hidden, manifest.Seed, NeuralModelFile.Metrics(manifest));
    }

    private Sequential NewDecoder() => Decoder(latent + conditions.Width, hidden, transformer.Width, new Random(0));

    internal static Sequential Decoder(int inputs, int hidden, int outputs, Random init) =>
        new(new Linear(inputs, hidden, init), new ReLU(), new Linear(hidden, hidden, init), new ReLU(), new Linear(hidden, outputs, init));
}
