using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Column-pair trends as SDMetrics defines them: CorrelationSimilarity = 1 − |ρ_real − ρ_synthetic| / 2 (Pearson) for
/// two numeric columns; ContingencySimilarity = 1 − the total variation distance of the two-way contingency table for
/// every other pair, a numeric column cut into 10 equal-width bins over the real range (synthetic values clipped
/// into the end bins, missing values a bin of their own).
/// </summary>
public static class ColumnPairTrends
{
    /// <summary>The number of equal-width bins of a numeric column in a mixed pair (SDMetrics' default).</summary>
    public const int Bins = 10;

    /// <summary>Scores every pair of schema columns (except <paramref name="exclude"/>).</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows (same column names).</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="exclude">Columns not to score.</param>
    public static TrendReport Score(DataTable real, DataTable synthetic, DatasetSchema schema, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        var codec = TableCodec.Fit(real, schema, exclude);
        return Score(codec, codec.Encode(real), codec.Encode(synthetic));
    }

    internal static TrendReport Score(TableCodec codec, EncodedTable real, EncodedTable synthetic)
    {
        var columns = codec.Columns;
        var realCodes = new int[columns.Count][];
        var synCodes = new int[columns.Count][];
        var levels = new int[columns.Count];
        var numericIndex = new int[columns.Count];
        int n = 0, c = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].IsNumeric)
            {
                numericIndex[i] = n;
                realCodes[i] = Discretize(real.Numeric[n], columns[i]);
                synCodes[i] = Discretize(synthetic.Numeric[n++], columns[i]);
                levels[i] = Bins + 1;
            }
            else
            {
                numericIndex[i] = -1;
                realCodes[i] = real.Codes[c];
                synCodes[i] = synthetic.Codes[c++];
                levels[i] = columns[i].Categories.Length + 1;
            }
        }

        var pairs = new List<PairTrend>();
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = i + 1; j < columns.Count; j++)
            {
                if (numericIndex[i] >= 0 && numericIndex[j] >= 0)
                {
                    var rr = Stats.Pearson(real.Numeric[numericIndex[i]], real.Numeric[numericIndex[j]]);
                    var rs = Stats.Pearson(synthetic.Numeric[numericIndex[i]], synthetic.Numeric[numericIndex[j]]);
                    var score = CorrelationSimilarity(rr, rs);
                    pairs.Add(new PairTrend(columns[i].Name, columns[j].Name, "CorrelationSimilarity", score, rr, rs));
                }
                else
                {
                    var score = 1 - JointTotalVariation(realCodes[i], realCodes[j], synCodes[i], synCodes[j], levels[j]);
                    pairs.Add(new PairTrend(columns[i].Name, columns[j].Name, "ContingencySimilarity", score, null, null));
                }
            }
        }

        return new TrendReport(pairs.Count == 0 ? double.NaN : pairs.Average(p => p.Score), pairs);
    }

    /// <summary>1 − |a − b| / 2; an undefined (constant-column) correlation counts as 0.</summary>
    /// <param name="realCorrelation">ρ in the real rows.</param>
    /// <param name="syntheticCorrelation">ρ in the synthetic rows.</param>
    public static double CorrelationSimilarity(double realCorrelation, double syntheticCorrelation)
    {
        var a = double.IsNaN(realCorrelation) ? 0 : realCorrelation;
        var b = double.IsNaN(syntheticCorrelation) ? 0 : syntheticCorrelation;
        return 1 - (Math.Abs(a - b) / 2);
    }

    /// <summary>Bin index 0..Bins-1 of equal-width bins over [Min, Max] (clipped); missing = Bins.</summary>
    internal static int[] Discretize(double[] values, CodecColumn column)
    {
        var codes = new int[values.Length];
        var width = column.Max > column.Min ? (column.Max - column.Min) / Bins : 1;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            codes[i] = double.IsNaN(v) ? Bins : Math.Clamp((int)Math.Floor((v - column.Min) / width), 0, Bins - 1);
        }

        return codes;
    }

    /// <summary>½·Σ|p_real(a,b) − p_syn(a,b)| over the joint codes (code -1 = unseen, mapped to its own level).</summary>
    internal static double JointTotalVariation(int[] ra, int[] rb, int[] sa, int[] sb, int levelsB)
    {
        if (ra.Length == 0 || sa.Length == 0)
        {
            return ra.Length == sa.Length ? 0 : 1;
        }

        var p = new Dictionary<long, double>();
        Accumulate(p, ra, rb, levelsB, 1.0 / ra.Length);
        Accumulate(p, sa, sb, levelsB, -1.0 / sa.Length);
        double sum = 0;
        foreach (var v in p.Values)
        {
            sum += Math.Abs(v);
        }

        return Math.Min(1, sum / 2);
    }

    private static void Accumulate(Dictionary<long, double> p, int[] a, int[] b, int levelsB, double weight)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var key = ((long)(a[i] + 1) * (levelsB + 1)) + b[i] + 1;
            p[key] = p.GetValueOrDefault(key) + weight;
        }
    }
}
