using Augment.Data;
using Augment.Synthesis.Transforms;
using Augment.Tensors.Layers;
using Augment.Tensors.Onnx;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Neural;

/// <summary>
/// CTGAN (Xu et al. 2019) on the tensor core: a residual generator (noise, condition vector) → transformed row with
/// tanh scalars and Gumbel-softmax groups, a PacGAN critic (pac = 10) trained with the WGAN-GP penalty, the
/// conditional vector with training-by-sampling (log-frequency categories, real rows of the drawn category) and the
/// generator's cross-entropy on the conditioned group. Any categorical column can be conditioned on when sampling.
/// </summary>
public sealed partial class CtganGenerator : IOnnxSampleable
{
    /// <summary>The model's name in specs and the catalog.</summary>
    public const string Kind = "ctgan";

    /// <summary>The <c>format</c> of its model file manifest.</summary>
    public const string FormatName = "augment.ctgan";

    private readonly DataTransformer transformer;
    private readonly ConditionSpace conditions;
    private readonly Sequential generator;
    private readonly int noise;
    private readonly int hidden;
    private readonly long seed;

    private CtganGenerator(DataTransformer transformer, ConditionSpace conditions, Sequential generator, int noise, int hidden, long seed, TrainingMetrics? metrics)
    {
        this.transformer = transformer;
        this.conditions = conditions;
        this.generator = generator;
        this.generator.Training = false;
        this.noise = noise;
        this.hidden = hidden;
        this.seed = seed;
        Metrics = metrics;
    }

    /// <inheritdoc/>
    public string ModelKind => Kind;

    /// <summary>Gets what training measured.</summary>
    public TrainingMetrics? Metrics { get; }

    /// <summary>Gets the generator network (noise + condition → raw transformed row), e.g. for ONNX export.</summary>
    public Module GeneratorNetwork => generator;

    /// <inheritdoc/>
    public int NetworkInputWidth => noise + conditions.Width;

    /// <inheritdoc/>
    public int NetworkOutputWidth => transformer.Width;

    /// <inheritdoc/>
    public void ExportOnnx(Stream destination) => OnnxExporter.Export(generator, NetworkInputWidth, destination, "ctgan_generator");

    /// <inheritdoc/>
    public DataTable Sample(int rows, int seed, SampleCondition? condition = null) => Sample(rows, seed, condition, null);

    /// <inheritdoc/>
    public DataTable Sample(int rows, int seed, SampleCondition? condition, INetworkEngine? engine)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var forced = condition is null ? ((int Column, int Category)?)null : conditions.Resolve(condition);
        var sampler = engine is null ? Sampler() : null;
        var data = NeuralOps.SampleBlocks(rows, transformer.Width, seed, () => sampler, (network, b, random) =>
        {
            var z = NeuralOps.Normal(b, noise, random);
            var positions = new int[b];
            for (var i = 0; i < b; i++)
            {
                if (forced is { } f)
                {
                    positions[i] = conditions.CondOffset(f.Column) + f.Category;
                }
                else if (conditions.Count > 0)
                {
                    var column = ConditionSpace.Next(random, conditions.Count);
                    positions[i] = conditions.CondOffset(column) + conditions.DrawCategory(column, random, logFrequency: false);
                }
                else
                {
                    positions[i] = -1;
                }
            }

            var output = network is null ? NeuralOps.Run(engine!, NeuralOps.Concat(z, ConditionRows(positions)), transformer.Width) : network.Forward(z, positions);
            Activate(output, random);
            if (forced is { } fc)
            {
                NeuralOps.Force(output, conditions.Span(fc.Column), fc.Category);
            }

            return output;
        });

        return transformer.InverseTransform(data);
    }

    /// <inheritdoc/>
    public void Save(Stream destination) =>
        NeuralModelFile.Write(
            destination, FormatName, transformer, seed,
            new() { ["noise"] = noise, ["hidden"] = hidden },
            Metrics,
            [.. generator.State("generator"), ("condition.frequency", new Tensor(conditions.Frequencies, conditions.Width))]);

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid CTGAN model file of a supported version.</exception>
    public static CtganGenerator Load(Stream source)
    {
        var (manifest, transformer, tensors) = NeuralModelFile.Read(source, FormatName);
        var noise = NeuralModelFile.Hyper(manifest, "noise");
        var hidden = NeuralModelFile.Hyper(manifest, "hidden");
        var frequencies = tensors.TryGetValue("condition.frequency", out var f) ? f.Data : throw new InvalidDataException("The model file has no condition frequencies.");
        var conditions = new ConditionSpace(transformer, frequencies);
        var generator = Generator(noise + conditions.Width, hidden, transformer.Width, new Random(0));
        generator.LoadState(tensors.Where(t => t.Key.StartsWith("generator.", StringComparison.Ordinal)).ToDictionary(t => t.Key["generator.".Length..], t => t.Value));
        return new CtganGenerator(transformer, conditions, generator, noise, hidden, manifest.Seed, NeuralModelFile.Metrics(manifest));
    }

    internal static Sequential Generator(int inputs, int hidden, int outputs, Random init) =>
        new(
            new ConcatResidual(new Sequential(new Linear(inputs, hidden, init), new BatchNorm1d(hidden), new ReLU())),
            new ConcatResidual(new Sequential(new Linear(inputs + hidden, hidden, init), new BatchNorm1d(hidden), new ReLU())),
            new Linear(inputs + (2 * hidden), outputs, init));

    /// <summary>Sampling activation: tanh on scalars; one-hot groups become a draw from their softmax.</summary>
    private void Activate(Tensor output, RandomSource random)
    {
        foreach (var s in transformer.Spans.Where(s => s.Kind == SpanKind.Scalar))
        {
            for (var i = 0; i < output.Rows; i++)
            {
                output[i, s.Offset] = MathF.Tanh(output[i, s.Offset]);
            }
        }

        NeuralOps.SampleGroups(output, transformer.Spans, random);
    }

    /// <summary>The generator's sampling form (shares no state with <see cref="GeneratorNetwork"/>).</summary>
    internal CtganSampler Sampler() => new(generator, noise, hidden, conditions.Width, transformer.Width);

    /// <summary>The raw generator output for noise and condition positions through <see cref="GeneratorNetwork"/> (for tests).</summary>
    internal Tensor NetworkForward(Tensor z, ReadOnlySpan<int> positions) => generator.Forward(NeuralOps.Concat(z, ConditionRows(positions)));

    /// <summary>Condition vectors with a one at each row's position (−1: none).</summary>
    private Tensor ConditionRows(ReadOnlySpan<int> positions)
    {
        var c = new Tensor(positions.Length, conditions.Width);
        for (var i = 0; i < positions.Length; i++)
        {
            if (positions[i] >= 0)
            {
                c[i, positions[i]] = 1f;
            }
        }

        return c;
    }

    internal int ConditionWidth => conditions.Width;

    internal int NoiseWidth => noise;
}
