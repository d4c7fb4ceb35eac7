using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>How a numeric column is cut into bins when it meets a categorical one in a pair.</summary>
public enum PairBinning
{
    /// <summary>SDMetrics' Quality Report (v0.29): real and synthetic columns each cut into 10 equal-width bins over
    /// their <em>own</em> [min, max] (<c>np.histogram_bin_edges</c>, then <c>np.digitize</c>: the maximum and missing
    /// values share bin 11); pairs count towards the score only where the real association is strong
    /// (|ρ_real| &gt; 0.5, Cramér's V &gt; 0.3).</summary>
    SdMetrics,

    /// <summary>Ours: both columns cut into 10 equal-width bins over the <em>real</em> [min, max] (synthetic values
    /// clipped into the end bins, missing a bin of its own), every pair counted, an undefined correlation read as 0.</summary>
    RealRange,
}

/// <summary>
/// Column-pair trends: CorrelationSimilarity = 1 − |ρ_real − ρ_synthetic| / 2 (Pearson) for two numeric columns;
/// ContingencySimilarity = 1 − the total variation distance of the two-way contingency table for every other pair (a
/// numeric column binned as <see cref="PairBinning"/> says). <see cref="PairBinning.SdMetrics"/> reproduces SDMetrics'
/// Quality Report number (checked against SDMetrics itself in the Golden tests); <see cref="PairBinning.RealRange"/> is
/// ours, which does not let a narrower synthetic range stretch over the real bins (docs/metrics.md).
/// </summary>
public static class ColumnPairTrends
{
    /// <summary>The number of equal-width bins of a numeric column in a mixed pair (SDMetrics' default).</summary>
    public const int Bins = 10;

    /// <summary>|ρ_real| above which a numeric pair counts in SDMetrics' Quality Report (v0.28+).</summary>
    public const double RealCorrelationThreshold = 0.5;

    /// <summary>Real Cramér's V above which a contingency pair counts in SDMetrics' Quality Report (v0.28+).</summary>
    public const double RealAssociationThreshold = 0.3;

    /// <summary>Scores every pair of schema columns (except <paramref name="exclude"/>).</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows (same column names).</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="exclude">Columns not to score.</param>
    /// <param name="binning">SDMetrics' definition (default) or ours.</param>
    public static TrendReport Score(DataTable real, DataTable synthetic, DatasetSchema schema, IEnumerable<string>? exclude = null, PairBinning binning = PairBinning.SdMetrics)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        var codec = TableCodec.Fit(real, schema, exclude);
        return Score(codec, codec.Encode(real), codec.Encode(synthetic), binning);
    }

    internal static TrendReport Score(TableCodec codec, EncodedTable real, EncodedTable synthetic, PairBinning binning)
    {
        var sdmetrics = binning == PairBinning.SdMetrics;
        var columns = codec.Columns;
        var realCodes = new int[columns.Count][];
        var synCodes = new int[columns.Count][];
        var numericIndex = new int[columns.Count];
        int n = 0, c = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].IsNumeric)
            {
                numericIndex[i] = n;
                realCodes[i] = sdmetrics ? DigitizeOwnRange(real.Numeric[n]) : Discretize(real.Numeric[n], columns[i]);
                synCodes[i] = sdmetrics ? DigitizeOwnRange(synthetic.Numeric[n++]) : Discretize(synthetic.Numeric[n++], columns[i]);
            }
            else
            {
                numericIndex[i] = -1;
                realCodes[i] = real.Codes[c];
                synCodes[i] = synthetic.Codes[c++];
            }
        }

        var pairs = new List<PairTrend>();
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = i + 1; j < columns.Count; j++)
            {
                if (numericIndex[i] >= 0 && numericIndex[j] >= 0)
                {
                    var (ra, rb) = (real.Numeric[numericIndex[i]], real.Numeric[numericIndex[j]]);
                    var (sa, sb) = (synthetic.Numeric[numericIndex[i]], synthetic.Numeric[numericIndex[j]]);
                    var rr = Stats.Pearson(ra, rb);
                    var rs = Stats.Pearson(sa, sb);
                    if (sdmetrics)
                    {
                        // SDMetrics refuses a pair with a constant column on either side (score NaN, not counted).
                        var constant = DistinctAtMostOne(ra) || DistinctAtMostOne(rb) || DistinctAtMostOne(sa) || DistinctAtMostOne(sb);
                        var score = constant || double.IsNaN(rr) || double.IsNaN(rs) ? double.NaN : 1 - (Math.Abs(rr - rs) / 2);
                        pairs.Add(new PairTrend(columns[i].Name, columns[j].Name, "CorrelationSimilarity", score, rr, rs, null,
                            !double.IsNaN(score) && Math.Abs(rr) > RealCorrelationThreshold));
                    }
                    else
                    {
                        pairs.Add(new PairTrend(columns[i].Name, columns[j].Name, "CorrelationSimilarity", CorrelationSimilarity(rr, rs), rr, rs, null, true));
                    }
                }
                else
                {
                    var score = 1 - JointTotalVariation(realCodes[i], realCodes[j], synCodes[i], synCodes[j], int.Max(Levels(columns[j]), Bins + 2));
                    double? association = sdmetrics ? CramersV(realCodes[i], realCodes[j]) : null;
                    var counted = !sdmetrics || association > RealAssociationThreshold;
                    pairs.Add(new PairTrend(columns[i].Name, columns[j].Name, "ContingencySimilarity", score, null, null, association, counted));
                }
            }
        }

        var countedScores = pairs.Where(p => p.Counted).Select(p => p.Score);
        return new TrendReport(Stats.MeanOfDefined(countedScores), Stats.MeanOfDefined(pairs.Select(p => p.Score)),
            sdmetrics ? "sdmetrics" : "real-range-bins", pairs);
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

    /// <summary>SDMetrics' binning of one table's column: <c>np.digitize(v, np.histogram_bin_edges(present))</c> —
    /// edges min + i·(max − min)/10 (max itself last; ±0.5 around a constant; [0, 1] when nothing is present), code =
    /// the number of edges ≤ v, so the maximum lands in 11 together with every missing value.</summary>
    internal static int[] DigitizeOwnRange(double[] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (min > max)
        {
            (min, max) = (0, 1);
        }
        else if (min == max)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        var edges = new double[Bins + 1];
        var step = (max - min) / Bins;
        for (var k = 0; k < Bins; k++)
        {
            edges[k] = (k * step) + min;
        }

        edges[Bins] = max;
        var codes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
            {
                codes[i] = Bins + 1;
                continue;
            }

            var count = 0;
            while (count <= Bins && edges[count] <= v)
            {
                count++;
            }

            codes[i] = count;
        }

        return codes;
    }

    /// <summary>Cramér's V of the real contingency table (no continuity correction, as
    /// <c>scipy.stats.contingency.association</c>); NaN when a side has fewer than 2 levels.</summary>
    internal static double CramersV(int[] a, int[] b)
    {
        var rowsOf = new Dictionary<int, int>();
        var colsOf = new Dictionary<int, int>();
        foreach (var v in a)
        {
            rowsOf.TryAdd(v, rowsOf.Count);
        }

        foreach (var v in b)
        {
            colsOf.TryAdd(v, colsOf.Count);
        }

        if (rowsOf.Count < 2 || colsOf.Count < 2)
        {
            return double.NaN;
        }

        var observed = new double[rowsOf.Count, colsOf.Count];
        var rowSums = new double[rowsOf.Count];
        var colSums = new double[colsOf.Count];
        for (var i = 0; i < a.Length; i++)
        {
            var (r, k) = (rowsOf[a[i]], colsOf[b[i]]);
            observed[r, k]++;
            rowSums[r]++;
            colSums[k]++;
        }

        double chi2 = 0;
        double total = a.Length;
        for (var r = 0; r < rowSums.Length; r++)
        {
            for (var k = 0; k < colSums.Length; k++)
            {
                var expected = rowSums[r] * colSums[k] / total;
                chi2 += (observed[r, k] - expected) * (observed[r, k] - expected) / expected;
            }
        }

        return Math.Sqrt(chi2 / total / (Math.Min(rowsOf.Count, colsOf.Count) - 1));
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

    private static int Levels(CodecColumn column) => column.IsNumeric ? Bins + 2 : column.Categories.Length + 1;

    private static bool DistinctAtMostOne(double[] values)
    {
        var first = double.NaN;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            if (double.IsNaN(first))
            {
                first = v;
            }
            else if (v != first)
            {
                return false;
            }
        }

        return true;
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
