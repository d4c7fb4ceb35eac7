using Augment.Evaluation.Internal;

namespace Augment.Evaluation.Learning;

/// <summary>
/// Maps features to at most 255 bins for histogram boosting. Numbers: thresholds between distinct values (midpoints)
/// when there are at most 254, otherwise at 254 equally spaced quantiles (deduplicated); missing values get the last
/// bin. Categories: the code is the bin (codes past 253 share bin 253); unseen categories get the bin after them.
/// </summary>
internal sealed class HistogramBinner
{
    public const int MaxBins = 255;
    private readonly double[][] _thresholds;
    private readonly int[] _categoryBins;

    private HistogramBinner(double[][] thresholds, int[] categoryBins)
    {
        _thresholds = thresholds;
        _categoryBins = categoryBins;
        BinCounts = thresholds.Select(t => t.Length + 2).Concat(categoryBins.Select(c => c + 1)).ToArray();
    }

    /// <summary>Bins per feature (numeric features first, then categorical, in codec order).</summary>
    public int[] BinCounts { get; }

    /// <summary>Whether feature f is categorical.</summary>
    public bool IsCategorical(int feature) => feature >= _thresholds.Length;

    public static HistogramBinner Fit(TableCodec codec, EncodedTable table, IReadOnlyList<int> rows)
    {
        var thresholds = new double[codec.NumericColumns.Count][];
        for (var d = 0; d < thresholds.Length; d++)
        {
            var values = rows.Select(r => table.Numeric[d][r]).Where(v => !double.IsNaN(v)).ToArray();
            Array.Sort(values);
            var distinct = values.Distinct().ToArray();
            if (distinct.Length <= MaxBins - 1)
            {
                thresholds[d] = distinct.Zip(distinct.Skip(1), (a, b) => (a + b) / 2).ToArray();
            }
            else
            {
                thresholds[d] = Enumerable.Range(1, MaxBins - 2)
                    .Select(i => Stats.Quantile(values, i / (double)(MaxBins - 1)))
                    .Distinct().ToArray();
            }
        }

        var categoryBins = codec.CategoricalColumns.Select(c => Math.Min(c.Categories.Length, MaxBins - 2) + 1).ToArray();
        return new HistogramBinner(thresholds, categoryBins);
    }

    /// <summary>Bins of every feature, <c>[feature][i]</c> for the given rows (all rows when null).</summary>
    public byte[][] Transform(EncodedTable table, IReadOnlyList<int>? rows = null)
    {
        var count = rows?.Count ?? table.Rows;
        var result = new byte[BinCounts.Length][];
        for (var d = 0; d < _thresholds.Length; d++)
        {
            var t = _thresholds[d];
            var bins = new byte[count];
            for (var i = 0; i < count; i++)
            {
                var v = table.Numeric[d][rows?[i] ?? i];
                if (double.IsNaN(v))
                {
                    bins[i] = (byte)(t.Length + 1);
                    continue;
                }

                var pos = Array.BinarySearch(t, v);
                bins[i] = (byte)(pos >= 0 ? pos : ~pos);
            }

            result[d] = bins;
        }

        for (var c = 0; c < _categoryBins.Length; c++)
        {
            var unseen = _categoryBins[c] - 1;
            var bins = new byte[count];
            for (var i = 0; i < count; i++)
            {
                var code = table.Codes[c][rows?[i] ?? i];
                bins[i] = (byte)(code < 0 ? unseen : Math.Min(code, unseen - 1));
            }

            result[_thresholds.Length + c] = bins;
        }

        return result;
    }
}
