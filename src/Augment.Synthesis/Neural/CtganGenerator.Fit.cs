using Augment.Data;
using Augment.Synthesis.Transforms;
using Augment.Tensors.Optim;
using Augment.Tensors.Ops;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Neural;

public sealed partial class CtganGenerator
{
    /// <summary>Trains CTGAN on a table. Uses <see cref="TrainingOptions.Seed"/>, <see cref="TrainingOptions.Epochs"/> (100, or
    /// enough for 1,000 steps on small tables),
    /// <see cref="TrainingOptions.BatchSize"/> (500, rounded down to a multiple of pac = 10), the time budget and progress
    /// (one report per epoch, loss = the generator's). The target is not needed: every categorical column is conditioned on.</summary>
    /// <exception cref="ArgumentException">The table is empty, has fewer than 20 rows, or does not match the schema.</exception>
    public static CtganGenerator Fit(DataTable train, DatasetSchema schema, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new TrainingOptions();
        const int pac = NeuralDefaults.CtganPac;
        if (train.RowCount < 2 * pac)
        {
            throw new ArgumentException($"CTGAN needs at least {2 * pac} training rows, got {train.RowCount}.", nameof(train));
        }

        var transformer = DataTransformer.Fit(train, schema, new TransformOptions { Seed = options.Seed });
        var data = transformer.Transform(train, options.Seed);
        var n = train.RowCount;
        var width = transformer.Width;
        var space = new ConditionSpace(transformer, ConditionSpace.CountFrequencies(transformer, data, n));
        var rowsOf = RowsByCategory(space, data, width, n);
        var batch = Math.Max(pac, Math.Min(options.BatchSize ?? NeuralDefaults.CtganBatch, n) / pac * pac);
        const int noise = NeuralDefaults.CtganNoise;
        const int hidden = NeuralDefaults.CtganHidden;

        var init = new Random(options.Seed);
        var generator = Generator(noise + space.Width, hidden, width, init);
        var critic = new PacDiscriminator(width + space.Width, pac, hidden, 0.5f, init, options.Seed + 1);
        var optG = new Adam(generator.Parameters(), NeuralDefaults.CtganLearningRate, 0.5f, 0.9f, weightDecay: NeuralDefaults.CtganWeightDecay);
        var optD = new Adam(critic.Parameters(), NeuralDefaults.CtganLearningRate, 0.5f, 0.9f, weightDecay: NeuralDefaults.CtganWeightDecay);
        var activation = new OutputActivation(transformer.Spans, NeuralDefaults.CtganTau);
        var random = new RandomSource(options.Seed);
        var stepsPerEpoch = Math.Max(1, n / batch);
        var epochs = options.Epochs ?? NeuralDefaults.Epochs(NeuralDefaults.CtganEpochs, stepsPerEpoch);
        var metrics = new TrainingClock(options, epochs, "ctgan").Run(() =>
        {
            double epochLoss = 0;
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                CriticStep();
                epochLoss += GeneratorStep();
            }

            return epochLoss / stepsPerEpoch;
        });
        return new CtganGenerator(transformer, space, generator, noise, hidden, options.Seed, metrics);

        void CriticStep()
        {
            var (cols, cats) = DrawConditions(space, batch, random);
            var fakeCond = NeuralOps.ConditionMatrix(space, cols, cats);

            // Real rows of a shuffled copy of the drawn conditions, paired with that copy.
            var perm = Enumerable.Range(0, batch).ToArray();
            NeuralOps.Shuffle(perm, random);
            var realIdx = new int[batch];
            var pCols = new int[batch];
            var pCats = new int[batch];
            for (var i = 0; i < batch; i++)
            {
                (pCols[i], pCats[i]) = (cols[perm[i]], cats[perm[i]]);
                var pool = pCols[i] < 0 ? null : rowsOf[pCols[i]][pCats[i]];
                realIdx[i] = pool is { Length: > 0 } ? pool[ConditionSpace.Next(random, pool.Length)] : ConditionSpace.Next(random, n);
            }

            var real = NeuralOps.Concat(NeuralOps.Gather(data, width, realIdx), NeuralOps.ConditionMatrix(space, pCols, pCats));
            var fake = NeuralOps.Concat(activation.Forward(generator.Forward(NeuralOps.Concat(NeuralOps.Normal(batch, noise, random), fakeCond)), random), fakeCond);
            optD.ZeroGrad();
            var packs = batch / pac;
            critic.Forward(fake);
            critic.Backward(Filled(packs, 1f / packs));
            critic.Forward(real);
            critic.Backward(Filled(packs, -1f / packs));
            critic.GradientPenalty(Interpolate(real, fake, pac, random), NeuralDefaults.CtganPenalty);
            optD.Step();
        }

        double GeneratorStep()
        {
            var (cols, cats) = DrawConditions(space, batch, random);
            var cond = NeuralOps.ConditionMatrix(space, cols, cats);
            optG.ZeroGrad();
            var raw = generator.Forward(NeuralOps.Concat(NeuralOps.Normal(batch, noise, random), cond));
            var act = activation.Forward(raw, random);
            var packs = batch / pac;
            var score = critic.Forward(NeuralOps.Concat(act, cond));
            var gradInput = critic.Backward(Filled(packs, -1f / packs));
            var gradRaw = activation.Backward(RowOps.SliceColumns(gradInput, 0, width));
            var condLoss = OutputActivation.ConditionLoss(raw, space, cols, cats, gradRaw);
            generator.Backward(gradRaw);
            optG.Step();
            return -score.Data.Average() + condLoss;
        }
    }

    private static (int[] Columns, int[] Categories) DrawConditions(ConditionSpace space, int batch, RandomSource random)
    {
        var cols = new int[batch];
        var cats = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            if (space.Count == 0)
            {
                cols[i] = -1;
                continue;
            }

            cols[i] = ConditionSpace.Next(random, space.Count);
            cats[i] = space.DrawCategory(cols[i], random, logFrequency: true);
        }

        return (cols, cats);
    }

    /// <summary>x̂ = α·real + (1 − α)·fake with one α ~ U(0, 1) per pack.</summary>
    private static Tensor Interpolate(Tensor real, Tensor fake, int pac, RandomSource random)
    {
        var x = new Tensor(real.Rows, real.Columns);
        var alpha = 0f;
        for (var i = 0; i < real.Rows; i++)
        {
            if (i % pac == 0)
            {
                alpha = (float)random.NextOpenUnit();
            }

            var row = x.Row(i);
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = (alpha * real[i, j]) + ((1 - alpha) * fake[i, j]);
            }
        }

        return x;
    }

    private static Tensor Filled(int rows, float value)
    {
        var t = new Tensor(rows, 1);
        t.AsSpan().Fill(value);
        return t;
    }

    /// <summary>For each categorical column and category, the training rows that have it.</summary>
    private static int[][][] RowsByCategory(ConditionSpace space, float[] data, int width, int n)
    {
        var result = new int[space.Count][][];
        for (var d = 0; d < space.Count; d++)
        {
            var s = space.Span(d);
            var lists = Enumerable.Range(0, s.Width).Select(_ => new List<int>()).ToArray();
            for (var r = 0; r < n; r++)
            {
                lists[NeuralOps.ArgMax(data.AsSpan((r * width) + s.Offset, s.Width))].Add(r);
            }

            result[d] = [.. lists.Select(l => l.ToArray())];
        }

        return result;
    }
}
