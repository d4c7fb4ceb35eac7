using System.Numerics.Tensors;
using Augment.Tensors.Gemm;
using Augment.Tensors.Layers;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Neural;

/// <summary>
/// CTGAN's generator (<see cref="CtganGenerator.Generator"/>, in evaluation mode) computed for sampling with about a
/// quarter fewer multiply-adds. The condition vector has at most one 1, so its part of each layer is one weight column
/// added per row rather than multiplied in; batch normalisation folds into a scale and shift; and the residual
/// concatenations are written in place into one row buffer [z, h₁, h₂] whose prefixes are the dense inputs of the
/// three layers (the weight columns are reordered to match once, here). Read-only after construction: threads share it.
/// </summary>
internal sealed class CtganSampler
{
    private const float BatchNormEps = 1e-5f; // BatchNorm1d's default, which the generator uses

    private readonly int noise;
    private readonly int hidden;
    private readonly int outputs;
    private readonly Layer first;
    private readonly Layer second;
    private readonly Layer last;

    public CtganSampler(Sequential generator, int noise, int hidden, int conditionWidth, int outputs)
    {
        this.noise = noise;
        this.hidden = hidden;
        this.outputs = outputs;
        var state = generator.State().ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);

        // Input columns of the three layers as the generator sees them: [z, c], [h₁, z, c], [h₂, h₁, z, c].
        first = Layer.From(state, "0.inner.0", "0.inner.1", [(0, noise)], noise, conditionWidth);
        second = Layer.From(state, "1.inner.0", "1.inner.1", [(hidden, noise), (0, hidden)], hidden + noise, conditionWidth);
        last = Layer.From(state, "2", null, [(2 * hidden, noise), (hidden, hidden), (0, hidden)], (2 * hidden) + noise, conditionWidth);
    }

    /// <summary>The generator's raw output for noise rows <paramref name="z"/> and condition positions
    /// <paramref name="condition"/> (index into the condition vector, or −1 for none).</summary>
    public Tensor Forward(Tensor z, ReadOnlySpan<int> condition)
    {
        var b = z.Rows;
        var width = noise + (2 * hidden);
        var x = new float[b * width];
        for (var i = 0; i < b; i++)
        {
            z.Row(i).CopyTo(x.AsSpan(i * width, noise));
        }

        var a = new Tensor(b, hidden);
        first.Apply(x, width, b, condition, a);
        Activate(first, a, x, width, noise);
        second.Apply(x, width, b, condition, a);
        Activate(second, a, x, width, noise + hidden);
        var output = new Tensor(b, outputs);
        last.Apply(x, width, b, condition, output);
        return output;
    }

    /// <summary>h = ReLU(a·scale + shift), written into columns [<paramref name="at"/>, +hidden) of the row buffer.</summary>
    private void Activate(Layer layer, Tensor a, float[] x, int width, int at)
    {
        for (var i = 0; i < a.Rows; i++)
        {
            var h = x.AsSpan((i * width) + at, hidden);
            TensorPrimitives.FusedMultiplyAdd(a.Row(i), layer.Scale, layer.Shift, h);
            TensorPrimitives.Max(h, 0f, h);
        }
    }

    /// <summary>One linear layer: dense weights over a prefix of the row buffer, the condition's weight columns
    /// (transposed, one row per condition position) and, for a batch-normalised layer, its folded scale and shift.</summary>
    private sealed class Layer
    {
        private readonly float[] dense;
        private readonly int denseWidth;
        private readonly float[] conditionRows;
        private readonly float[]? bias;
        private readonly int outputs;

        private Layer(float[] dense, int denseWidth, float[] conditionRows, float[]? bias, int outputs, float[] scale, float[] shift)
        {
            this.dense = dense;
            this.denseWidth = denseWidth;
            this.conditionRows = conditionRows;
            this.bias = bias;
            this.outputs = outputs;
            Scale = scale;
            Shift = shift;
        }

        public float[] Scale { get; }

        public float[] Shift { get; }

        /// <summary>Reads the layer from the generator's state: the linear layer's weights with its dense input columns
        /// in row-buffer order (<paramref name="pieces"/>: first input column and count of each), the last
        /// <paramref name="conditionWidth"/> columns as condition rows, and the batch normalisation that follows, if any.</summary>
        public static Layer From(Dictionary<string, Tensor> state, string linear, string? batchNorm, (int Start, int Count)[] pieces, int denseWidth, int conditionWidth)
        {
            var weight = state[linear + ".weight"];
            var outputs = weight.Rows;
            var inputs = weight.Columns;
            var conditionStart = inputs - conditionWidth;
            var dense = new float[outputs * denseWidth];
            var conditionRows = new float[conditionWidth * outputs];
            for (var o = 0; o < outputs; o++)
            {
                var row = weight.Row(o);
                var at = 0;
                foreach (var (start, count) in pieces)
                {
                    row.Slice(start, count).CopyTo(dense.AsSpan((o * denseWidth) + at, count));
                    at += count;
                }

                for (var c = 0; c < conditionWidth; c++)
                {
                    conditionRows[(c * outputs) + o] = row[conditionStart + c];
                }
            }

            var bias = state[linear + ".bias"].Data.ToArray();
            var scale = new float[outputs];
            var shift = new float[outputs];
            if (batchNorm is null)
            {
                return new Layer(dense, denseWidth, conditionRows, bias, outputs, scale, shift);
            }

            // BN(a + bias) = a·s + ((bias − μ)·s + β) with s = γ / √(σ² + ε); the bias moves into the shift.
            var gamma = state[batchNorm + ".weight"].Data;
            var beta = state[batchNorm + ".bias"].Data;
            var mean = state[batchNorm + ".running_mean"].Data;
            var variance = state[batchNorm + ".running_var"].Data;
            for (var o = 0; o < outputs; o++)
            {
                scale[o] = gamma[o] / MathF.Sqrt(variance[o] + BatchNormEps);
                shift[o] = ((bias[o] - mean[o]) * scale[o]) + beta[o];
            }

            return new Layer(dense, denseWidth, conditionRows, null, outputs, scale, shift);
        }

        /// <summary>y = x[:, :denseWidth]·Wᵀ + bias + W_c[condition] for every row (a normalised layer's bias is in its shift).</summary>
        public void Apply(float[] x, int ldx, int rows, ReadOnlySpan<int> condition, Tensor y)
        {
            Blas.Gemm(false, true, rows, outputs, denseWidth, 1f, x, ldx, dense, denseWidth, 0f, y.Data, outputs);
            for (var i = 0; i < rows; i++)
            {
                var row = y.Row(i);
                if (bias is not null)
                {
                    TensorPrimitives.Add(row, bias, row);
                }

                if (condition[i] >= 0)
                {
                    TensorPrimitives.Add(row, conditionRows.AsSpan(condition[i] * outputs, outputs), row);
                }
            }
        }
    }
}
