using System.Diagnostics;
using Augment.Synthesis;

namespace Augment.Images;

/// <summary>One optimiser step of a generator on the training images at <paramref name="indices"/>; returns its loss.</summary>
/// <param name="indices">The batch: indices into the training set.</param>
internal delegate double GeneratorStep(ReadOnlySpan<int> indices);

/// <summary>The minibatch loop both generators' <c>Train</c> share: the argument check, batches drawn without
/// replacement from an order reshuffled (from the model's seeded source) whenever fewer than a batch remain, the
/// cancellation check every step, and the mean loss of the last 100 steps reported.</summary>
internal static class GeneratorTraining
{
    /// <summary>Throws unless there are at least two training images.</summary>
    /// <param name="train">The training images.</param>
    /// <param name="model">The model's name for the message (e.g. <c>VAE</c>).</param>
    public static void Check(ImageSet train, string model)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count < 2)
        {
            throw new ArgumentException($"The {model} needs at least 2 training images.", nameof(train));
        }
    }

    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="batchSize"/> images (at most the set's size).</summary>
    /// <param name="count">The number of training images.</param>
    /// <param name="batchSize">Images per step, at most <paramref name="count"/>.</param>
    /// <param name="steps">How many steps.</param>
    /// <param name="random">Shuffles the order (the step draws from it too, in between).</param>
    /// <param name="step">One step on a batch.</param>
    /// <param name="progress">Receives (step, steps, mean loss of the steps since the last report) every 100 steps and at the end.</param>
    /// <param name="cancellationToken">Checked every step.</param>
    /// <returns>The mean loss of the last (up to) 100 steps, and the seconds the loop took.</returns>
    public static (double FinalLoss, double Seconds) Run(
        int count, int batchSize, int steps, RandomSource random, GeneratorStep step, Action<int, int, double>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var order = Enumerable.Range(0, count).ToArray();
        var cursor = order.Length;
        double recent = 0, final = 0;
        var recentCount = 0;
        for (var s = 1; s <= steps; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cursor + batchSize > order.Length)
            {
                CnnClassifier.Shuffle(order, random);
                cursor = 0;
            }

            recent += step(order.AsSpan(cursor, batchSize));
            cursor += batchSize;
            recentCount++;
            if (s % 100 == 0 || s == steps)
            {
                final = recent / recentCount;
                progress?.Invoke(s, steps, final);
                recent = 0;
                recentCount = 0;
            }
        }

        return (final, clock.Elapsed.TotalSeconds);
    }
}
