using Augment.Evaluation.Internal;

namespace Augment.Evaluation.Learning;

/// <summary>
/// A dense row-major design matrix for linear models: numbers standardised with the codec's (training) mean and
/// standard deviation (missing = 0, the mean), categories one-hot (a category unseen in training = all zeros).
/// </summary>
internal sealed class DesignMatrix
{
    private DesignMatrix(int rows, int columns, double[] values)
    {
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row-major values, <c>[row * Columns + column]</c>.</summary>
    public double[] Values { get; }

    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>Wraps row-major values of the given width.</summary>
    public static DesignMatrix FromRows(int columns, double[] values) => new(values.Length / Math.Max(1, columns), columns, values);

    public static DesignMatrix Build(TableCodec codec, EncodedTable table, IReadOnlyList<int>? rows = null)
    {
        var count = rows?.Count ?? table.Rows;
        var width = codec.NumericColumns.Count + codec.CategoricalColumns.Sum(c => c.Categories.Length);
        var values = new double[count * width];
        for (var i = 0; i < count; i++)
        {
            var r = rows?[i] ?? i;
            var offset = i * width;
            for (var d = 0; d < codec.NumericColumns.Count; d++)
            {
                var column = codec.NumericColumns[d];
                var v = table.Numeric[d][r];
                values[offset + d] = double.IsNaN(v) ? 0 : (v - column.Mean) / (column.Std > 0 ? column.Std : 1);
            }

            var position = offset + codec.NumericColumns.Count;
            for (var d = 0; d < codec.CategoricalColumns.Count; d++)
            {
                var code = table.Codes[d][r];
                if (code >= 0)
                {
                    values[position + code] = 1;
                }

                position += codec.CategoricalColumns[d].Categories.Length;
            }
        }

        return new DesignMatrix(count, width, values);
    }
}
