using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// α-precision and β-recall (Alaa et al., ICML 2022, "How faithful is your synthetic data?"), with the identity
/// embedding: numbers scaled by the real range, categories one-hot, Euclidean distance. The α-support of the real
/// data is the ball around the real mean holding a share α of the real rows; P_α is the share of synthetic rows
/// inside it (ideal α). The β-support of the synthetic data is the ball around the synthetic mean holding a share β of
/// the synthetic rows; R_β is the share of real rows inside it (ideal β). Integrated scores: 1 − 2·mean_α |P_α − α|
/// and 1 − 2·mean_β |R_β − β| over α, β = 0.05, 0.10, …, 1, each in [0, 1].
/// </summary>
public static class AlphaBeta
{
    /// <summary>Computes both curves and their integrated scores.</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="exclude">Columns to leave out.</param>
    public static AlphaBetaReport Evaluate(DataTable real, DataTable synthetic, DatasetSchema schema, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        var codec = TableCodec.Fit(real, schema, exclude);
        var r = codec.Encode(real);
        var s = codec.Encode(synthetic);
        var levels = Enumerable.Range(1, 20).Select(i => i / 20.0).ToArray();
        var realCenter = Center.Of(codec, r);
        var synCenter = Center.Of(codec, s);
        var realRadii = realCenter.Distances(codec, r);
        var synToReal = realCenter.Distances(codec, s);
        var synRadii = synCenter.Distances(codec, s);
        var realToSyn = synCenter.Distances(codec, r);
        var precision = Curve(realRadii, synToReal, levels);
        var recall = Curve(synRadii, realToSyn, levels);
        return new AlphaBetaReport(Integrate(precision, levels), Integrate(recall, levels), levels, precision, recall);
    }

    /// <summary>For each level, the share of <paramref name="others"/> within the level-quantile of <paramref name="own"/>.</summary>
    private static double[] Curve(double[] own, double[] others, double[] levels)
    {
        Array.Sort(own);
        Array.Sort(others);
        return levels.Select(level =>
        {
            var radius = Stats.Quantile(own, level);
            var inside = UpperBound(others, radius);
            return others.Length == 0 ? 0 : (double)inside / others.Length;
        }).ToArray();
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value * (1 + 1e-12))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double Integrate(double[] curve, double[] levels) =>
        Math.Clamp(1 - (2 * curve.Zip(levels, (c, l) => Math.Abs(c - l)).Average()), 0, 1);

    /// <summary>A mean point: scaled numeric means and category frequencies (one-hot mean).</summary>
    private sealed class Center
    {
        private double[] _numeric = [];
        private double[][] _frequencies = [];
        private double[] _sumSquares = [];

        public static Center Of(TableCodec codec, EncodedTable table)
        {
            var center = new Center
            {
                _numeric = codec.NumericColumns.Select((c, d) => Stats.Mean(table.Numeric[d].Select(v => Scale(v, c, 0.5)).ToArray())).ToArray(),
                _frequencies = codec.CategoricalColumns.Select((c, d) =>
                {
                    var f = new double[c.Categories.Length + 1];
                    foreach (var code in table.Codes[d])
                    {
                        f[code < 0 ? c.Categories.Length : code] += 1.0 / Math.Max(1, table.Rows);
                    }

                    return f;
                }).ToArray(),
            };
            center._numeric = center._numeric.Select(v => double.IsNaN(v) ? 0.5 : v).ToArray();
            center._sumSquares = center._frequencies.Select(f => f.Sum(p => p * p)).ToArray();
            return center;
        }

        /// <summary>Euclidean distance of every row to this point; ‖e_x − p‖² = 1 − 2·p_x + Σp² for a category.</summary>
        public double[] Distances(TableCodec codec, EncodedTable table)
        {
            var result = new double[table.Rows];
            for (var i = 0; i < table.Rows; i++)
            {
                double sum = 0;
                for (var d = 0; d < _numeric.Length; d++)
                {
                    var diff = Scale(table.Numeric[d][i], codec.NumericColumns[d], _numeric[d]) - _numeric[d];
                    sum += diff * diff;
                }

                for (var d = 0; d < _frequencies.Length; d++)
                {
                    var code = table.Codes[d][i];
                    var p = _frequencies[d][code < 0 ? _frequencies[d].Length - 1 : code];
                    sum += 1 - (2 * p) + _sumSquares[d];
                }

                result[i] = Math.Sqrt(Math.Max(0, sum));
            }

            return result;
        }

        /// <summary>Scales by the real range; a missing value sits at <paramref name="fallback"/> (no distance).</summary>
        private static double Scale(double v, CodecColumn column, double fallback) =>
            double.IsNaN(v) ? fallback : (v - column.Min) / column.Range;
    }
}
