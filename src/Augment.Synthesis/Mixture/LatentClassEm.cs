using System.Numerics.Tensors;

namespace Augment.Synthesis.Mixture;

/// <summary>
/// Expectation–maximisation for a latent-class model: each of K components is a product of per-column categorical
/// distributions over codes. Parameters are smoothed toward the column marginals (a Dirichlet prior of strength
/// <c>smoothing</c> rows), so no component can hold a single row. Rows are processed in fixed chunks whose sums are
/// added in chunk order, so the result does not depend on the number of threads.
/// </summary>
internal sealed class LatentClassEm
{
    private const int ChunkRows = 2048;
    private readonly int[] _slots;     // row-major rows × columns: code slot = column offset + code
    private readonly int _rows;
    private readonly int _columns;
    private readonly int[] _offsets;   // first slot of each column
    private readonly int _slotCount;
    private readonly int _k;
    private readonly double _smoothing;
    private readonly double[] _marginal; // per slot: the column's code frequency
    private float[][]? _waveCounts;      // per chunk of a wave: expected code counts, slot-major (reused every step)
    private double[][]? _waveSizes;      // per chunk of a wave: expected component sizes

    public LatentClassEm(int[] slots, int rows, int[] columnCodes, int components, double smoothing)
    {
        _slots = slots;
        _rows = rows;
        _columns = columnCodes.Length;
        _offsets = new int[_columns];
        for (var d = 0; d < _columns; d++)
        {
            _offsets[d] = _slotCount;
            _slotCount += columnCodes[d];
        }

        _k = components;
        _smoothing = smoothing;
        _marginal = new double[_slotCount];
        foreach (var slot in slots)
        {
            _marginal[slot] += 1.0 / rows;
        }

        LogTheta = new float[_slotCount * _k];
        LogWeights = new float[_k];
    }

    /// <summary>Gets log θ laid out slot-major: <c>[slot * K + k]</c>.</summary>
    public float[] LogTheta { get; }

    public float[] LogWeights { get; }

    /// <summary>Starts each component at a seeded random row: half its mass on that row's codes, half on the marginals.</summary>
    public void Initialise(RandomSource random)
    {
        var theta = new double[_slotCount * _k];
        for (var k = 0; k < _k; k++)
        {
            var row = (int)(random.NextUInt64() % (ulong)_rows);
            for (var s = 0; s < _slotCount; s++)
            {
                theta[(s * _k) + k] = 0.5 * _marginal[s];
            }

            for (var d = 0; d < _columns; d++)
            {
                theta[(_slots[(row * _columns) + d] * _k) + k] += 0.5;
            }
        }

        for (var i = 0; i < theta.Length; i++)
        {
            LogTheta[i] = (float)Math.Log(Math.Max(theta[i], 1e-30));
        }

        Array.Fill(LogWeights, (float)-Math.Log(_k));
    }

    /// <summary>One E step and one M step; returns the mean log-likelihood per row under the parameters before the step.</summary>
    /// <remarks>
    /// Chunks are computed in waves of at most <see cref="WaveSize"/> (in parallel within a wave) into buffers reused
    /// across waves and steps, and each wave's sums are added in chunk order before the next starts: the arithmetic is the
    /// same as summing every chunk's buffer in chunk order, so the fit is unchanged, but memory is a wave's buffers, not one
    /// K × slots buffer per 2,048 rows (which grew with the rows and was allocated again at every step).
    /// </remarks>
    public double Step()
    {
        var chunks = (_rows + ChunkRows - 1) / ChunkRows;
        var wave = Math.Min(WaveSize, chunks);
        if (_waveCounts is null || _waveCounts.Length < wave)
        {
            _waveCounts = new float[wave][];
            _waveSizes = new double[wave][];
            for (var i = 0; i < wave; i++)
            {
                _waveCounts[i] = new float[_slotCount * _k];
                _waveSizes[i] = new double[_k];
            }
        }

        var counts = _waveCounts;
        var sizes = _waveSizes!;
        var logLikelihoods = new double[wave];
        var total = new double[_slotCount * _k];
        var n = new double[_k];
        double logLikelihood = 0;
        for (var first = 0; first < chunks; first += wave)
        {
            var inWave = Math.Min(wave, chunks - first);
            Parallel.For(0, inWave, i =>
            {
                var c = first + i;
                Array.Clear(counts[i]);
                Array.Clear(sizes[i]);
                logLikelihoods[i] = EStep(c * ChunkRows, Math.Min(_rows, (c + 1) * ChunkRows), counts[i], sizes[i]);
            });

            for (var i = 0; i < inWave; i++)
            {
                AddWidened(total, counts[i]);
                for (var k = 0; k < _k; k++)
                {
                    n[k] += sizes[i][k];
                }

                logLikelihood += logLikelihoods[i];
            }
        }

        MStep(total, n);
        return logLikelihood / _rows;
    }

    /// <summary>Chunks per wave: up to 16 while their count buffers fit in about 64 MB (at least 2), and at least one per
    /// core. It changes memory and parallelism only, never the result.</summary>
    private int WaveSize
    {
        get
        {
            var chunkBytes = Math.Max(1L, (long)_slotCount * _k * sizeof(float));
            var byMemory = (int)Math.Clamp((64L << 20) / chunkBytes, 2, 16);
            return Math.Max(byMemory, Math.Min(Environment.ProcessorCount, 64));
        }
    }

    /// <summary><c>total[i] += part[i]</c>, each float widened to double (the same sums as a plain loop).</summary>
    private static void AddWidened(double[] total, float[] part)
    {
        for (var i = 0; i < total.Length; i++)
        {
            total[i] += part[i];
        }
    }

    private double EStep(int from, int to, float[] counts, double[] sizes)
    {
        var score = new float[_k];
        double logLikelihood = 0;
        for (var r = from; r < to; r++)
        {
            LogWeights.CopyTo(score, 0);
            var row = _slots.AsSpan(r * _columns, _columns);
            foreach (var slot in row)
            {
                TensorPrimitives.Add(score, LogTheta.AsSpan(slot * _k, _k), score);
            }

            var max = TensorPrimitives.Max<float>(score);
            TensorPrimitives.Subtract(score, max, score);
            TensorPrimitives.Exp(score, score);
            var sum = TensorPrimitives.Sum<float>(score);
            logLikelihood += max + Math.Log(sum);
            TensorPrimitives.Multiply(score, 1f / sum, score);
            foreach (var slot in row)
            {
                var target = counts.AsSpan(slot * _k, _k);
                TensorPrimitives.Add(target, score, target);
            }

            for (var k = 0; k < _k; k++)
            {
                sizes[k] += score[k];
            }
        }

        return logLikelihood;
    }

    private void MStep(double[] counts, double[] n)
    {
        for (var k = 0; k < _k; k++)
        {
            LogWeights[k] = (float)Math.Log((n[k] + 1.0) / (_rows + _k));
        }

        for (var d = 0; d < _columns; d++)
        {
            for (var s = _offsets[d]; s < (d + 1 < _columns ? _offsets[d + 1] : _slotCount); s++)
            {
                for (var k = 0; k < _k; k++)
                {
                    var theta = (counts[(s * _k) + k] + (_smoothing * _marginal[s])) / (n[k] + _smoothing);
                    LogTheta[(s * _k) + k] = (float)Math.Log(Math.Max(theta, 1e-30));
                }
            }
        }
    }

    /// <summary>The fitted probabilities as <c>[component][column][code]</c> (each code distribution renormalised).</summary>
    public float[][][] Probabilities(int[] columnCodes)
    {
        var result = new float[_k][][];
        for (var k = 0; k < _k; k++)
        {
            result[k] = new float[_columns][];
            for (var d = 0; d < _columns; d++)
            {
                var p = new double[columnCodes[d]];
                for (var c = 0; c < p.Length; c++)
                {
                    p[c] = Math.Exp(LogTheta[((_offsets[d] + c) * _k) + k]);
                }

                var sum = p.Sum();
                result[k][d] = [.. p.Select(v => (float)(v / sum))];
            }
        }

        return result;
    }

    /// <summary>The fitted component weights (sum 1).</summary>
    public double[] Weights()
    {
        var w = LogWeights.Select(v => Math.Exp(v)).ToArray();
        var sum = w.Sum();
        return [.. w.Select(v => v / sum)];
    }
}
