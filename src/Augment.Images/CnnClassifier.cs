using Augment.Synthesis;
using Augment.Tensors;
using Augment.Tensors.Layers;
using Augment.Tensors.Losses;
using Augment.Tensors.Optim;

namespace Augment.Images;

/// <summary>Settings for <see cref="CnnClassifier.Train"/>.</summary>
/// <param name="Seed">Initial weights, batch order and augmentation draws.</param>
/// <param name="MaxSteps">The most optimiser steps.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="EvaluateEvery">Steps between validation checks (early stopping keeps the best).</param>
/// <param name="Patience">Checks without improvement before stopping.</param>
/// <param name="Classic">Whether each batch is flipped and shifted (<see cref="ClassicAugmentation"/>).</param>
/// <param name="ExtraShare">The share of every batch drawn from the extra (synthetic) images when there are any: a fixed
/// mix, so thousands of synthetic images do not crowd out a few hundred real ones.</param>
public sealed record CnnOptions(
    int Seed = 1, int MaxSteps = 1500, int BatchSize = 64, float LearningRate = 1e-3f, int EvaluateEvery = 100, int Patience = 4, bool Classic = false,
    double ExtraShare = 0.25);

/// <summary>
/// A small convolutional classifier: two 3×3 convolutions (16 and 32 channels, ReLU, 2×2 average pooling), a 64-unit
/// ReLU layer — the feature space of the image quality metrics — and a linear head. It is the downstream model the
/// utility arms are judged with and the "real-trained classifier" the filters and metrics use.
/// </summary>
public sealed class CnnClassifier
{
    private const int FeatureWidth = 64;
    private readonly Sequential body;
    private readonly Linear head;
    private readonly List<CurvePoint> curve = [];

    private CnnClassifier(ImageShape shape, int classes, Random init)
    {
        if (shape.Height % 4 != 0 || shape.Width % 4 != 0)
        {
            throw new ArgumentException($"The classifier needs sides that divide by 4, got {shape}.", nameof(shape));
        }

        Shape = shape;
        var conv1 = new Conv2d(shape, 16, 3, init, padding: 1);
        var pool1 = new AvgPool2d(conv1.OutputShape);
        var conv2 = new Conv2d(pool1.OutputShape, 32, 3, init, padding: 1);
        var pool2 = new AvgPool2d(conv2.OutputShape);
        body = new Sequential(conv1, new ReLU(), pool1, conv2, new ReLU(), pool2, new Linear(pool2.OutputShape.Size, FeatureWidth, init), new ReLU());
        head = new Linear(FeatureWidth, classes, init);
    }

    /// <summary>Gets the image shape the classifier reads.</summary>
    public ImageShape Shape { get; }

    /// <summary>Gets the number of optimiser steps taken before the best validation check.</summary>
    public int BestStep { get; private set; }

    /// <summary>Gets the validation accuracy at <see cref="BestStep"/> (NaN without a validation set).</summary>
    public double ValidationAccuracy { get; private set; } = double.NaN;

    /// <summary>Gets the validation accuracy at every check, in step order, up to the check that stopped training
    /// (empty without a validation set): the curve early stopping read.</summary>
    public IReadOnlyList<CurvePoint> ValidationCurve => curve;

    /// <summary>Trains on <paramref name="train"/> (plus <paramref name="extra"/> images, e.g. synthetic ones, making up
    /// <see cref="CnnOptions.ExtraShare"/> of every batch), keeping the weights with the best accuracy on
    /// <paramref name="validation"/>.</summary>
    /// <param name="train">The real training images.</param>
    /// <param name="validation">Real images for early stopping; <see langword="null"/> trains for every step.</param>
    /// <param name="options">Settings.</param>
    /// <param name="extra">More training images of the same shape and classes.</param>
    /// <param name="cancellationToken">Checked every step.</param>
    public static CnnClassifier Train(ImageSet train, ImageSet? validation, CnnOptions options, ImageSet? extra = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var model = new CnnClassifier(train.Shape, train.Classes.Count, new Random(options.Seed));
        var parameters = model.body.Parameters().Concat(model.head.Parameters()).ToList();
        var adam = new Adam(parameters, options.LearningRate);
        var random = new RandomSource(options.Seed);
        var realDraw = new BatchDraw(train.Count, random);
        var extraDraw = extra is { Count: > 0 } ? new BatchDraw(extra.Count, random) : null;
        var b = Math.Min(options.BatchSize, train.Count + (extra?.Count ?? 0));
        var fromExtra = extraDraw is null ? 0 : Math.Clamp((int)Math.Round(b * options.ExtraShare), 0, b);
        var best = double.NegativeInfinity;
        Dictionary<string, Tensor>? bestState = null;
        var stale = 0;
        var labels = new int[b];
        var batch = train.Shape.NewBatch(b);
        for (var step = 1; step <= options.MaxSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = train.Shape.Size;
            for (var i = 0; i < b; i++)
            {
                var (set, draw) = i < b - fromExtra ? (train, realDraw) : (extra!, extraDraw!);
                var at = draw.Next();
                set.Image(at).CopyTo(batch.Data.AsSpan(i * size, size));
                labels[i] = set.Labels[at];
            }

            var input = batch;
            if (options.Classic)
            {
                input = train.Shape.NewBatch(b);
                ClassicAugmentation.Apply(batch.Data, input.Data, train.Shape, random);
            }

            adam.ZeroGrad();
            var logits = model.head.Forward(model.body.Forward(input));
            var loss = Loss.CrossEntropyWithLogits(logits, labels);
            model.body.Backward(model.head.Backward(loss.Gradient));
            adam.Step();

            if (validation is not null && (step % options.EvaluateEvery == 0 || step == options.MaxSteps))
            {
                var accuracy = model.Accuracy(validation);
                model.curve.Add(new CurvePoint(step, accuracy));
                if (accuracy > best)
                {
                    best = accuracy;
                    bestState = model.State().ToDictionary(s => s.Name, s => s.Tensor.Clone());
                    model.BestStep = step;
                    stale = 0;
                }
                else if (++stale >= options.Patience)
                {
                    break;
                }
            }
        }

        if (bestState is not null)
        {
            model.body.LoadState(bestState.Where(s => s.Key.StartsWith("body.", StringComparison.Ordinal)).ToDictionary(s => s.Key[5..], s => s.Value));
            model.head.LoadState(bestState.Where(s => s.Key.StartsWith("head.", StringComparison.Ordinal)).ToDictionary(s => s.Key[5..], s => s.Value));
            model.ValidationAccuracy = best;
        }
        else
        {
            model.BestStep = options.MaxSteps;
        }

        return model;
    }

    /// <summary>Gets the class probabilities of every image [n, classes].</summary>
    /// <param name="images">The images.</param>
    public Tensor Probabilities(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var output = new Tensor(images.Count, head.Outputs);
        ForEachChunk(images, (start, batch) =>
        {
            var logits = head.Forward(body.Forward(batch));
            for (var i = 0; i < logits.Rows; i++)
            {
                Augment.Tensors.Ops.Softmax.Compute(logits.Row(i), logits.Row(i));
            }

            logits.Data.CopyTo(output.Data, start * head.Outputs);
        });
        return output;
    }

    /// <summary>Gets the 64-value feature vector (the last hidden layer) of every image [n, 64].</summary>
    /// <param name="images">The images.</param>
    public Tensor Features(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var output = new Tensor(images.Count, FeatureWidth);
        ForEachChunk(images, (start, batch) => body.Forward(batch).Data.CopyTo(output.Data, start * FeatureWidth));
        return output;
    }

    /// <summary>Gets the predicted class of every image.</summary>
    /// <param name="images">The images.</param>
    public int[] Predict(ImageSet images)
    {
        var p = Probabilities(images);
        var predicted = new int[images.Count];
        for (var i = 0; i < predicted.Length; i++)
        {
            var row = p.Row(i);
            predicted[i] = row.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(row));
        }

        return predicted;
    }

    /// <summary>Gets the share of images whose predicted class is their label.</summary>
    /// <param name="images">Labelled images.</param>
    public double Accuracy(ImageSet images)
    {
        var predicted = Predict(images);
        return predicted.Where((p, i) => p == images.Labels[i]).Count() / (double)Math.Max(1, images.Count);
    }

    private IEnumerable<(string Name, Tensor Tensor)> State() => body.State("body").Concat(head.State("head"));

    private static void ForEachChunk(ImageSet images, Action<int, Tensor> run)
    {
        const int chunk = 256;
        for (var start = 0; start < images.Count; start += chunk)
        {
            var n = Math.Min(chunk, images.Count - start);
            run(start, images.Batch(Enumerable.Range(start, n).ToArray()));
        }
    }

    /// <summary>Indices in a fresh seeded shuffle per pass, so every image is seen once per pass.</summary>
    private sealed class BatchDraw(int count, RandomSource random)
    {
        private readonly int[] order = Enumerable.Range(0, count).ToArray();
        private int cursor = count;

        public int Next()
        {
            if (cursor == order.Length)
            {
                Shuffle(order, random);
                cursor = 0;
            }

            return order[cursor++];
        }
    }

    internal static void Shuffle(int[] order, RandomSource random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
