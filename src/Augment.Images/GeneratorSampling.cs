using Augment.Synthesis.Neural;
using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Images;

/// <summary>
/// What both generators' <c>Sample</c> share once their [noise, one-hot class] rows are built: the rows run through an
/// <see cref="INetworkEngine"/> in <see cref="Chunk"/>-row batches (in parallel: an engine must be thread-safe), or
/// through our own forward pass of the sampling network in evaluation mode, one batch at a time. The rows depend on the
/// seed only, so engines that compute the same network give the same images.
/// </summary>
internal static class GeneratorSampling
{
    /// <summary>Images per engine call.</summary>
    public const int Chunk = 256;

    /// <summary>The labels of <paramref name="perClass"/>[c] images of every class c, in class order.</summary>
    public static int[] Labels(IReadOnlyList<int> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        return [.. perClass.SelectMany((count, c) => Enumerable.Repeat(c, count))];
    }

    /// <summary>Runs <paramref name="rows"/> input rows (row-major, <paramref name="inputWidth"/> each) through
    /// <paramref name="engine"/>, or through <paramref name="network"/> when it is null; returns the outputs,
    /// <paramref name="outputWidth"/> a row.</summary>
    /// <param name="inputs">The rows.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="inputWidth">The network's input width.</param>
    /// <param name="outputWidth">The network's output width.</param>
    /// <param name="engine">The engine; null for our own forward pass.</param>
    /// <param name="network">The sampling network, run in evaluation mode (its training flag is restored).</param>
    /// <param name="gate">Held around our own forward pass (modules cache activations: one call at a time).</param>
    public static float[] Run(float[] inputs, int rows, int inputWidth, int outputWidth, INetworkEngine? engine, Module network, Lock gate)
    {
        var outputs = new float[rows * outputWidth];
        var chunks = (rows + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = engine is null ? 1 : Environment.ProcessorCount }, k =>
        {
            var start = k * Chunk;
            var n = Math.Min(Chunk, rows - start);
            var input = inputs.AsSpan(start * inputWidth, n * inputWidth).ToArray();
            var output = new float[n * outputWidth];
            if (engine is null)
            {
                lock (gate)
                {
                    var training = network.Training;
                    network.Training = false;
                    network.Forward(new Tensor(input, n, inputWidth)).Data.CopyTo(output, 0);
                    network.Training = training;
                }
            }
            else
            {
                engine.Forward(input, n, output);
            }

            output.CopyTo(outputs.AsSpan(start * outputWidth, n * outputWidth));
        });

        return outputs;
    }
}
