using Augment.Data;

namespace Augment.Synthesis;

public sealed partial class GaussianCopulaGenerator
{
    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    /// <exception cref="ArgumentException">The condition names a column that is not categorical or boolean, or a
    /// class that the training data did not have.</exception>
    public DataTable Sample(int rows, int seed, SampleCondition? condition = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var random = new RandomSource(seed);
        var cells = new string?[_codecs.Length][];
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = new string?[rows];
        }

        var z = new double[_dimensions];
        var noise = new double[_dimensions];
        if (condition is null)
        {
            for (var r = 0; r < rows; r++)
            {
                DrawCorrelated(random, noise, z);
                Decode(z, cells, r);
            }
        }
        else
        {
            var (column, category, codec) = ResolveCondition(condition);
            var dimension = _offsets[column];
            var (coefficients, factor) = _conditionals
                .GetOrAdd(dimension, j => new Lazy<(double[], double[][])>(() => Correlation.Conditional(_model.Correlation, j)))
                .Value;
            var (lo, hi) = codec.Interval(category);
            var others = new double[_dimensions - 1];
            for (var r = 0; r < rows; r++)
            {
                // The class's score from the standard normal truncated to the class interval (inverse CDF) ...
                var zj = ColumnCodec.ScoreInInterval(lo, hi, random);

                // ... and the other scores from the Gaussian conditional on it.
                DrawConditional(random, coefficients, factor, zj, noise, others);
                for (int i = 0, k = 0; i < _dimensions; i++)
                {
                    z[i] = i == dimension ? zj : others[k++];
                }

                Decode(z, cells, r);
                cells[column][r] = condition.Value;
            }
        }

        return DataTable.FromColumns(Columns, cells);
    }

    private (int Column, int Category, CategoricalCodec Codec) ResolveCondition(SampleCondition condition)
    {
        var column = Array.FindIndex(_codecs, c => c.Name == condition.Column);
        if (column < 0)
        {
            throw new ArgumentException($"The model has no column '{condition.Column}'.", nameof(condition));
        }

        if (_codecs[column] is not CategoricalCodec codec)
        {
            throw new ArgumentException($"Column '{condition.Column}' is numeric; only categorical columns can be conditioned on.", nameof(condition));
        }

        var category = codec.IndexOf(condition.Value);
        if (category < 0)
        {
            throw new ArgumentException($"Column '{condition.Column}' has no class '{condition.Value}' in the training data.", nameof(condition));
        }

        return (column, category, codec);
    }

    /// <summary>z = L ε with ε standard normal: a draw from N(0, R).</summary>
    private void DrawCorrelated(RandomSource random, double[] noise, double[] z)
    {
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = random.NextNormal();
        }

        for (var i = 0; i < z.Length; i++)
        {
            var row = _factor[i];
            double sum = 0;
            for (var k = 0; k <= i; k++)
            {
                sum += row[k] * noise[k];
            }

            z[i] = sum;
        }
    }

    private static void DrawConditional(RandomSource random, double[] coefficients, double[][] factor, double zj, double[] noise, double[] others)
    {
        for (var i = 0; i < others.Length; i++)
        {
            noise[i] = random.NextNormal();
        }

        for (var i = 0; i < others.Length; i++)
        {
            var row = factor[i];
            var sum = coefficients[i] * zj;
            for (var k = 0; k <= i; k++)
            {
                sum += row[k] * noise[k];
            }

            others[i] = sum;
        }
    }

    private void Decode(double[] z, string?[][] cells, int row)
    {
        for (var c = 0; c < _codecs.Length; c++)
        {
            var codec = _codecs[c];
            cells[c][row] = codec.Decode(z.AsSpan(_offsets[c], codec.Dimensions));
        }
    }
}
