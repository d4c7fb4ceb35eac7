using Augment.Data;
using Augment.Synthesis.Transforms;
using Augment.Tensors;
using Augment.Tensors.Layers;
using Augment.Tensors.Losses;
using Augment.Tensors.Optim;
using Augment.Tensors.Ops;

namespace Augment.Synthesis.Neural;

public sealed partial class TvaeGenerator
{
    /// <summary>Trains TVAE on a table. Uses <see cref="TrainingOptions.Seed"/>, <see cref="TrainingOptions.Epochs"/> (100, or
    /// enough for 1,000 steps on small tables),
    /// <see cref="TrainingOptions.BatchSize"/> (500), the time budget and progress (one report per epoch); the target is not
    /// needed (every categorical column can be conditioned on).</summary>
    /// <exception cref="ArgumentException">The table is empty or does not match the schema.</exception>
    public static TvaeGenerator Fit(DataTable train, DatasetSchema schema, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new TrainingOptions();
        var transformer = DataTransformer.Fit(train, schema, new TransformOptions { Seed = options.Seed });
        var data = transformer.Transform(train, options.Seed);
        var n = train.RowCount;
        var width = transformer.Width;
        var conditions = new ConditionSpace(transformer, ConditionSpace.CountFrequencies(transformer, data, n));
        var batch = Math.Clamp(options.BatchSize ?? NeuralDefaults.TvaeBatch, 2, Math.Max(2, n));
        var epochs = options.Epochs ?? NeuralDefaults.Epochs(NeuralDefaults.TvaeEpochs, (n + batch - 1) / batch);
        const int latent = NeuralDefaults.TvaeLatent;
        const int hidden = NeuralDefaults.TvaeHidden;

        var init = new Random(options.Seed);
        var encoder = new Sequential(
            new Linear(width + conditions.Width, hidden, init), new ReLU(), new Linear(hidden, hidden, init), new ReLU(), new Linear(hidden, 2 * latent, init));
        var decoder = Decoder(latent + conditions.Width, hidden, width, init);
        var sigma = new Parameter("sigma", new Tensor(width));
        sigma.Value.AsSpan().Fill(0.1f);
        var adam = new Adam([.. encoder.Parameters(), .. decoder.Parameters(), sigma], NeuralDefaults.TvaeLearningRate, weightDecay: NeuralDefaults.TvaeWeightDecay);

        var random = new RandomSource(options.Seed);
        var order = Enumerable.Range(0, n).ToArray();
        var metrics = new TrainingClock(options, epochs, "tvae").Run(() =>
        {
            NeuralOps.Shuffle(order, random);
            double epochLoss = 0;
            var batches = 0;
            for (var start = 0; start + 1 < n; start += batch)
            {
                var b = Math.Min(batch, n - start);
                if (b < 2)
                {
                    break;
                }

                epochLoss += Step(NeuralOps.Gather(data, width, order.AsSpan(start, b)));
                batches++;
            }

            return epochLoss / Math.Max(1, batches);
        });
        return new TvaeGenerator(transformer, conditions, decoder, sigma.Value.Data, latent, hidden, options.Seed, metrics);

        double Step(Tensor x)
        {
            var b = x.Rows;
            var cond = Conditions(x, conditions, random);
            adam.ZeroGrad();
            var encoded = encoder.Forward(NeuralOps.Concat(x, cond));
            var mu = RowOps.SliceColumns(encoded, 0, latent);
            var logVar = RowOps.SliceColumns(encoded, latent, latent);
            var eps = NeuralOps.Normal(b, latent, random);
            var z = new Tensor(b, latent);
            for (var i = 0; i < z.Length; i++)
            {
                z.Data[i] = mu.Data[i] + (eps.Data[i] * MathF.Exp(0.5f * logVar.Data[i]));
            }

            var output = decoder.Forward(NeuralOps.Concat(z, cond));
            var gradOutput = new Tensor(b, width);
            var recon = ReconstructionLoss.Compute(output, x, transformer.Spans, sigma.Value.Data, NeuralDefaults.TvaeLossFactor / b, gradOutput, sigma.Grad.Data);
            var gradLogVar = new Tensor(b, latent);
            var kl = Loss.KlStandardNormal(mu, logVar, gradLogVar);
            var gradZ = decoder.Backward(gradOutput);
            var gradEncoded = new Tensor(b, 2 * latent);
            for (var i = 0; i < b; i++)
            {
                for (var j = 0; j < latent; j++)
                {
                    var gz = gradZ[i, j];
                    var std = MathF.Exp(0.5f * logVar[i, j]);
                    gradEncoded[i, j] = gz + kl.Gradient[i, j];
                    gradEncoded[i, latent + j] = (gz * eps[i, j] * 0.5f * std) + gradLogVar[i, j];
                }
            }

            encoder.Backward(gradEncoded);
            adam.Step();
            var s = sigma.Value.Data;
            for (var i = 0; i < s.Length; i++)
            {
                s[i] = Math.Clamp(s[i], 0.01f, 1f);
            }

            return (NeuralDefaults.TvaeLossFactor * recon / b) + kl.Value;
        }
    }

    /// <summary>Each row's own category of one random categorical column, or nothing for <see cref="NeuralDefaults.UnconditionalShare"/> of the rows.</summary>
    private static Tensor Conditions(Tensor x, ConditionSpace space, RandomSource random)
    {
        var cols = new int[x.Rows];
        var cats = new int[x.Rows];
        for (var i = 0; i < x.Rows; i++)
        {
            if (space.Count == 0 || random.NextOpenUnit() < NeuralDefaults.UnconditionalShare)
            {
                cols[i] = -1;
                continue;
            }

            var d = ConditionSpace.Next(random, space.Count);
            var span = space.Span(d);
            cols[i] = d;
            cats[i] = NeuralOps.ArgMax(x.Row(i).Slice(span.Offset, span.Width));
        }

        return NeuralOps.ConditionMatrix(space, cols, cats);
    }
}
