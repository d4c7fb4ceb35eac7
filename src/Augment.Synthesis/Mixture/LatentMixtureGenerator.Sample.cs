using Augment.Data;

namespace Augment.Synthesis.Mixture;

public sealed partial class LatentMixtureGenerator
{
    private const int BlockRows = 4096;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    /// <exception cref="ArgumentException">The condition names a numeric or unknown column, or a class the training data did not have.</exception>
    public DataTable Sample(int rows, int seed, SampleCondition? condition = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var (pairs, cumulative, column, code) = Pairs(condition);
        var cells = new string?[_columns.Length][];
        for (var d = 0; d < cells.Length; d++)
        {
            cells[d] = new string?[rows];
        }

        // Fixed blocks with their own seeds: the rows do not depend on how many threads sample them.
        var blocks = (rows + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, b =>
        {
            var random = new RandomSource(((long)seed << 32) ^ b);
            for (var r = b * BlockRows; r < Math.Min(rows, (b + 1) * BlockRows); r++)
            {
                SampleRow(pairs, cumulative, column, code, random, cells, r);
            }
        });

        return DataTable.FromColumns(Columns, cells);
    }

    private void SampleRow((int Class, int Component)[] pairs, double[] cumulative, int column, int code, RandomSource random, string?[][] cells, int r)
    {
        var (cls, k) = pairs[Pick(cumulative, random.NextOpenUnit() * cumulative[^1])];
        var component = _cumulative[cls][k];
        for (var d = 0; d < _columns.Length; d++)
        {
            if (d == column)
            {
                cells[d][r] = _columns[d].Decode(code, random);
            }
            else if (d == _target)
            {
                cells[d][r] = _model.Classes[cls].Value;
            }
            else
            {
                cells[d][r] = _columns[d].Decode(Pick(component[d], (float)random.NextOpenUnit()), random);
            }
        }
    }

    /// <summary>The (class, component) pairs with cumulative weights share × weight, times p(condition | component).</summary>
    private ((int Class, int Component)[] Pairs, double[] Cumulative, int Column, int Code) Pairs(SampleCondition? condition)
    {
        int column = -1, code = -1;
        if (condition is not null)
        {
            column = Array.FindIndex(_columns, c => c.File.Name == condition.Column);
            if (column < 0)
            {
                throw new ArgumentException($"The model has no column '{condition.Column}'.", nameof(condition));
            }

            if (_columns[column].IsNumeric)
            {
                throw new ArgumentException($"Column '{condition.Column}' is numeric; only categorical columns can be conditioned on.", nameof(condition));
            }

            try
            {
                code = _columns[column].Encode(condition.Value);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"Column '{condition.Column}' has no class '{condition.Value}' in the training data.", nameof(condition));
            }
        }

        var pairs = new List<(int, int)>();
        var cumulative = new List<double>();
        double total = 0;
        for (var cls = 0; cls < _model.Classes.Count; cls++)
        {
            var mixture = _model.Classes[cls];
            if (column >= 0 && column == _target && mixture.Value != condition!.Value)
            {
                continue;
            }

            for (var k = 0; k < mixture.Weights.Length; k++)
            {
                var weight = mixture.Share * mixture.Weights[k];
                if (column >= 0 && column != _target)
                {
                    weight *= mixture.Probabilities[k][column][code];
                }

                if (weight > 0)
                {
                    total += weight;
                    pairs.Add((cls, k));
                    cumulative.Add(total);
                }
            }
        }

        return pairs.Count > 0
            ? ([.. pairs], [.. cumulative], column, code)
            : throw new ArgumentException($"The model gives class '{condition?.Value}' of '{condition?.Column}' no weight.", nameof(condition));
    }

    /// <summary>The first index whose cumulative weight exceeds <paramref name="u"/>.</summary>
    private static int Pick<T>(T[] cumulative, T u)
        where T : IComparable<T>
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cumulative[mid].CompareTo(u) > 0)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
